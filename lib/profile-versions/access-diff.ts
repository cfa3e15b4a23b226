import "server-only";
import { profilesFor, type AccessPolicy } from "@/lib/access";
import type { AccessDiff, PersonChange, RoleChange, RuleChange } from "./policy-api";
import {
  computeAccessMatrix,
  type ForwardRuleSummary,
  type MatrixAccount,
  type MatrixPerson,
  type RoleCell,
  type RuleSummary,
} from "@/lib/admin-access/matrix";

// What a new version of the access profiles changes for people: who gains and who loses which console roles, which
// instance (shell) rules and which port-forwarding rules, and who gains or loses administration. Both sides come from
// the matrix (lib/admin-access/matrix.ts), which decide()'s own helpers build, so the preview says what requests will
// get, not what the text looks like.

const roleKey = (cell: Pick<RoleCell, "accountId" | "roleName">) => `${cell.accountId}\n${cell.roleName}`;

function describeRule(rule: RuleSummary | ForwardRuleSummary): string {
  const where = [
    rule.accounts === "all" ? "all accounts" : rule.accounts.length ? `accounts ${rule.accounts.join(", ")}` : "",
    rule.ous.length ? `OUs ${rule.ous.join(", ")}` : "",
    rule.excludeAccounts.length ? `except ${rule.excludeAccounts.join(", ")}` : "",
  ].filter(Boolean);
  const tags = (conditions?: Record<string, string[]>) => (conditions ? Object.entries(conditions).map(([key, values]) => `${key}=${values.join("|")}`) : []);
  const parts = [
    where.join(" "),
    rule.regions === "all" ? "all regions" : `regions ${rule.regions.join(", ")}`,
    ...tags(rule.tags).map((tag) => `tag ${tag}`),
    ...tags(rule.excludeTags).map((tag) => `not tag ${tag}`),
    `as ${rule.role}`,
  ];
  if ("ports" in rule) {
    if (rule.ports.length) parts.push(`ports ${rule.ports.join(", ")}`);
    if (rule.remoteHosts.length) parts.push(`remote hosts ${rule.remoteHosts.join(", ")}`);
    if (rule.sshPorts.length) parts.push(`SSH ports ${rule.sshPorts.join(", ")}`);
  }
  return parts.filter(Boolean).join("; ");
}

type PersonSide = { roles: Map<string, RoleChange>; rules: Map<string, RuleChange>; admin: boolean };

function sides(people: readonly MatrixPerson[], policy: AccessPolicy, accounts: readonly MatrixAccount[]): Map<string, PersonSide> {
  const matrix = computeAccessMatrix({ people, policy, accounts });
  const byPerson = new Map<string, PersonSide>();
  for (const person of people) {
    const profiles = profilesFor({ sub: person.email, email: person.email, groups: [...person.groups] }, policy);
    byPerson.set(person.email, { roles: new Map(), rules: new Map(), admin: profiles.some((profile) => profile.admin) });
  }
  for (const cell of matrix.cells) {
    const { accountId, accountName, roleName, profileId } = cell;
    byPerson.get(cell.email)?.roles.set(roleKey(cell), { accountId, accountName, roleName, profileId });
  }
  for (const person of matrix.people) {
    const side = byPerson.get(person.email);
    if (!side) continue;
    // A rule is the same rule whichever profile holds it: moving a rule between profiles changes nothing for people.
    for (const rule of person.instanceRules)
      side.rules.set(`shell\n${describeRule(rule)}`, { kind: "shell", profileId: rule.profileId, summary: describeRule(rule) });
    for (const rule of person.portForwardingRules) {
      side.rules.set(`forward\n${describeRule(rule)}`, { kind: "forward", profileId: rule.profileId, summary: describeRule(rule) });
    }
  }
  return byPerson;
}

const missingFrom = <T>(from: Map<string, T>, other: Map<string, T>) => [...from].filter(([key]) => !other.has(key)).map(([, value]) => value);

function profileChanges(before: AccessPolicy, after: AccessPolicy): AccessDiff["profiles"] {
  const old = new Map(before.profiles.map((profile) => [profile.id, JSON.stringify(profile)]));
  const now = new Map(after.profiles.map((profile) => [profile.id, JSON.stringify(profile)]));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now].filter(([id, text]) => old.has(id) && old.get(id) !== text).map(([id]) => id),
  };
}

/** The change in effective access from `before` to `after`, for these people in these accounts. */
export function diffEffectiveAccess(input: {
  people: readonly MatrixPerson[];
  accounts: readonly MatrixAccount[];
  before: AccessPolicy;
  after: AccessPolicy;
}): AccessDiff {
  const before = sides(input.people, input.before, input.accounts);
  const after = sides(input.people, input.after, input.accounts);
  const people: PersonChange[] = [];
  const totals = { people: 0, gainedRoles: 0, lostRoles: 0, gainedRules: 0, lostRules: 0 };
  for (const person of input.people) {
    const was = before.get(person.email)!;
    const is = after.get(person.email)!;
    const change: PersonChange = {
      email: person.email,
      gainedRoles: missingFrom(is.roles, was.roles),
      lostRoles: missingFrom(was.roles, is.roles),
      gainedRules: missingFrom(is.rules, was.rules),
      lostRules: missingFrom(was.rules, is.rules),
      ...(was.admin !== is.admin && { admin: is.admin }),
    };
    const changed = change.gainedRoles.length + change.lostRoles.length + change.gainedRules.length + change.lostRules.length > 0 || "admin" in change;
    if (!changed) continue;
    people.push(change);
    totals.people += 1;
    totals.gainedRoles += change.gainedRoles.length;
    totals.lostRoles += change.lostRoles.length;
    totals.gainedRules += change.gainedRules.length;
    totals.lostRules += change.lostRules.length;
  }
  const adminsAfter = input.people.filter((person) => after.get(person.email)!.admin).map((person) => person.email);
  return { people, totals, profiles: profileChanges(input.before, input.after), adminsAfter };
}

/** One line for the audit record and the version list: "2 people: +3 roles, -1 role, +1 rule; profiles changed: developer". */
export function summarizeDiff(diff: AccessDiff): string {
  const { totals, profiles } = diff;
  const counts = [
    totals.gainedRoles && `+${totals.gainedRoles} role${totals.gainedRoles === 1 ? "" : "s"}`,
    totals.lostRoles && `-${totals.lostRoles} role${totals.lostRoles === 1 ? "" : "s"}`,
    totals.gainedRules && `+${totals.gainedRules} instance rule${totals.gainedRules === 1 ? "" : "s"}`,
    totals.lostRules && `-${totals.lostRules} instance rule${totals.lostRules === 1 ? "" : "s"}`,
  ].filter(Boolean);
  const admins = diff.people
    .filter((person) => "admin" in person)
    .map((person) => `${person.email} ${person.admin ? "becomes" : "is no longer"} an administrator`);
  const profileWords = [
    profiles.added.length ? `added ${profiles.added.join(", ")}` : "",
    profiles.removed.length ? `removed ${profiles.removed.join(", ")}` : "",
    profiles.changed.length ? `changed ${profiles.changed.join(", ")}` : "",
  ].filter(Boolean);
  const access =
    totals.people === 0
      ? "no change in effective access"
      : `${totals.people} ${totals.people === 1 ? "person" : "people"}: ${counts.join(", ") || "administration only"}`;
  return [access, ...admins, profileWords.length ? `profiles ${profileWords.join("; ")}` : ""].filter(Boolean).join("; ");
}
