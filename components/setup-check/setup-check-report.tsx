import type { BrokenHop, SetupReport } from "@/lib/setup-check/report";

// The setup check's answer: a summary line, then per profile the Custodian hop and each target role, with every
// broken hop's AWS error and the trust-policy statement that would fix it.

const ok = "text-emerald-700 dark:text-emerald-300";
const bad = "text-red-700 dark:text-red-300";

export function SetupCheckReport({ report }: { report: SetupReport }) {
  return (
    <div className="space-y-4" data-testid="setup-report">
      <p className={`font-medium ${report.ok ? ok : bad}`} data-testid="setup-summary">
        {report.ok
          ? `All ${report.hopsTried} hops work.`
          : `${report.hopsBroken} of ${report.hopsTried} hops are broken${report.truncated ? " (the check stopped at its limit)" : ""}.`}
      </p>
      {report.profiles.map((profile) => (
        <article
          key={profile.profileId}
          className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
          data-testid={`setup-profile-${profile.profileId}`}
        >
          <h3 className="font-medium">
            {profile.name} <span className="text-sm font-normal text-slate-500">({profile.profileId})</span>
          </h3>
          {profile.notChecked ? <p className="text-sm">{profile.notChecked}</p> : null}
          <ul className="mt-2 space-y-2 text-sm">
            <li>
              <span className={profile.custodian.ok ? ok : bad}>{profile.custodian.ok ? "OK" : "Broken"}</span> broker →{" "}
              <code className="break-all">{profile.custodian.roleArn}</code>
              {profile.custodian.broken ? <Broken hop={profile.custodian.broken} /> : null}
            </li>
            {profile.roles.map((role) => (
              <li key={role.roleName}>
                <span className={role.broken.length ? bad : role.okAccounts ? ok : ""}>
                  {role.broken.length ? "Broken" : role.okAccounts ? "OK" : "Not tried"}
                </span>{" "}
                Custodian → {role.roleName}: {role.okAccounts} account{role.okAccounts === 1 ? "" : "s"} OK
                {role.broken.length ? `, ${role.broken.length} broken` : ""}
                {role.notTried ? `, ${role.notTried} not tried` : ""}
                {role.broken.map((hop) => (
                  <Broken key={hop.roleArn} hop={hop} />
                ))}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </div>
  );
}

function Broken({ hop }: { hop: BrokenHop }) {
  return (
    <div className="mt-1 space-y-1 border-l-2 border-red-300 pl-3" data-testid="broken-hop">
      <p>
        <code className="break-all">{hop.roleArn}</code> (account {hop.accountId}) {hop.fix ? "refused" : "could not be tried for"}{" "}
        <code className="break-all">{hop.principal}</code>: {hop.code}: {hop.message}
      </p>
      {hop.fix ? (
        <>
          <p>Add this statement to the role&apos;s trust policy (and make sure the caller&apos;s permission policy allows the same actions on the role):</p>
          <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900" tabIndex={0} aria-label={`Trust-policy fix for ${hop.roleArn}`}>
            {JSON.stringify(hop.fix, null, 2)}
          </pre>
        </>
      ) : (
        <p>This hop could not be tried, so it says nothing about the trust policy: run the check again.</p>
      )}
    </div>
  );
}
