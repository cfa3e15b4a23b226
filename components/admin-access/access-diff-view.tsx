import type { AccessDiff, PersonChange } from "@/lib/profile-versions/policy-api";

// The change in effective access of a profile version: per person, what they gain (+) and lose (−), in words, with
// the profile that grants it. Shown before applying or restoring, and on each stored version.

const GAIN = "text-emerald-800 dark:text-emerald-300";
const LOSS = "text-red-800 dark:text-red-300";

function Change({ sign, text, profileId }: { sign: "+" | "−"; text: string; profileId: string }) {
  return (
    <li className={sign === "+" ? GAIN : LOSS}>
      <span aria-hidden="true" className="inline-block w-4 font-mono">
        {sign}
      </span>
      <span className="sr-only">{sign === "+" ? "gains " : "loses "}</span>
      {text} <span className="text-slate-500 dark:text-slate-400">· profile {profileId}</span>
    </li>
  );
}

function Person({ person }: { person: PersonChange }) {
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <p className="font-medium break-all">{person.email}</p>
      <ul className="mt-1 space-y-0.5 text-sm">
        {person.admin !== undefined ? (
          <li className={person.admin ? GAIN : LOSS}>{person.admin ? "+ becomes an administrator" : "− is no longer an administrator"}</li>
        ) : null}
        {person.gainedRoles.map((role) => (
          <Change
            key={`g${role.accountId}${role.roleName}`}
            sign="+"
            profileId={role.profileId}
            text={`${role.roleName} in ${role.accountName} (${role.accountId})`}
          />
        ))}
        {person.lostRoles.map((role) => (
          <Change
            key={`l${role.accountId}${role.roleName}`}
            sign="−"
            profileId={role.profileId}
            text={`${role.roleName} in ${role.accountName} (${role.accountId})`}
          />
        ))}
        {person.gainedRules.map((rule) => (
          <Change key={`gr${rule.kind}${rule.summary}`} sign="+" profileId={rule.profileId} text={`${rule.kind} rule: ${rule.summary}`} />
        ))}
        {person.lostRules.map((rule) => (
          <Change key={`lr${rule.kind}${rule.summary}`} sign="−" profileId={rule.profileId} text={`${rule.kind} rule: ${rule.summary}`} />
        ))}
      </ul>
    </li>
  );
}

export function AccessDiffView({ diff }: { diff: AccessDiff }) {
  const { totals, profiles } = diff;
  const more = totals.people - diff.people.length;
  return (
    <div className="space-y-3" data-testid="access-diff">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {totals.people === 0
          ? "No change in effective access: nobody gains or loses a role or an instance rule."
          : `${totals.people} ${totals.people === 1 ? "person" : "people"}: ${totals.gainedRoles} account roles gained, ${totals.lostRoles} lost; ${totals.gainedRules} instance rules gained, ${totals.lostRules} lost.`}
        {profiles.added.length ? ` Profiles added: ${profiles.added.join(", ")}.` : ""}
        {profiles.removed.length ? ` Profiles removed: ${profiles.removed.join(", ")}.` : ""}
        {profiles.changed.length ? ` Profiles changed: ${profiles.changed.join(", ")}.` : ""}
      </p>
      {diff.people.length > 0 ? (
        <ul className="space-y-2">
          {diff.people.map((person) => (
            <Person key={person.email} person={person} />
          ))}
        </ul>
      ) : null}
      {more > 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">… and {more} more people.</p> : null}
    </div>
  );
}
