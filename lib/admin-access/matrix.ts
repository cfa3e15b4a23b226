import "server-only";
import { ACCOUNT_ID, listProfileRoles, profilesFor, type AccessPolicy, type AccessProfile, type AccountInfo } from "@/lib/access";
import type { AccessFilters } from "./filters";

// "Who can reach what": every person × account × console role they may open, with the profile that grants it, plus
// the instance and port-forwarding rules each person holds. Built from the same helpers decide() uses (profilesFor,
// listProfileRoles, first granting profile in file order), so a cell never promises what a request would be refused.

export type MatrixPerson = { email: string; groups: readonly string[] };
export type MatrixAccount = AccountInfo & { name?: string };

export type RoleCell = {
  email: string;
  accountId: string;
  accountName: string;
  ouPath: readonly string[];
  roleName: string;
  profileId: string;
  requireReason: boolean;
};

export type RuleSummary = {
  profileId: string;
  accounts: "all" | readonly string[];
  ous: readonly string[];
  excludeAccounts: readonly string[];
  regions: "all" | readonly string[];
  role: string;
  tags?: Record<string, string[]>;
  excludeTags?: Record<string, string[]>;
};
export type ForwardRuleSummary = RuleSummary & { ports: readonly (number | string)[]; remoteHosts: readonly string[]; sshPorts: readonly (number | string)[] };

export type PersonAccess = {
  email: string;
  groups: readonly string[];
  profileIds: string[];
  instanceRules: RuleSummary[];
  portForwardingRules: ForwardRuleSummary[];
};

export type AccessMatrix = { cells: RoleCell[]; people: PersonAccess[] };

const lower = (value: string) => value.toLowerCase();

function summarizeRule(profile: AccessProfile, rule: AccessProfile["instances"][number] | AccessProfile["portForwarding"][number]): RuleSummary {
  return {
    profileId: profile.id,
    accounts: rule.accounts ?? [],
    ous: rule.ous ?? [],
    excludeAccounts: rule.excludeAccounts ?? [],
    regions: rule.regions,
    role: rule.role,
    ...(rule.tags && { tags: rule.tags }),
    ...(rule.excludeTags && { excludeTags: rule.excludeTags }),
  };
}

/** Roles each profile grants in each (active, well-formed) account, computed once per profile. */
function rolesByProfile(policy: AccessPolicy, accounts: readonly MatrixAccount[]): Map<string, Map<string, string[]>> {
  const table = new Map<string, Map<string, string[]>>();
  for (const profile of policy.profiles) {
    const perAccount = new Map<string, string[]>();
    for (const account of accounts) {
      const roles = listProfileRoles(profile, account);
      if (roles.length > 0) perAccount.set(account.id, roles);
    }
    table.set(profile.id, perAccount);
  }
  return table;
}

type Grant = { roleName: string; profileId: string; requireReason: boolean };

/** Account id → roles for one set of profiles, the first profile (file order) naming each role: listPermittedRoles' rule. */
function grantsForProfiles(profiles: readonly AccessProfile[], accounts: readonly MatrixAccount[], table: Map<string, Map<string, string[]>>) {
  const byAccount = new Map<string, Grant[]>();
  for (const account of accounts) {
    const byRole = new Map<string, Grant>();
    for (const profile of profiles) {
      for (const roleName of table.get(profile.id)?.get(account.id) ?? []) {
        if (!byRole.has(roleName)) byRole.set(roleName, { roleName, profileId: profile.id, requireReason: profile.requireReason.console });
      }
    }
    if (byRole.size > 0) byAccount.set(account.id, [...byRole.values()]);
  }
  return byAccount;
}

export function computeAccessMatrix(input: {
  people: readonly MatrixPerson[];
  policy: AccessPolicy;
  accounts: readonly MatrixAccount[];
  filters?: AccessFilters;
}): AccessMatrix {
  const filters = input.filters ?? {};
  const reachable = input.accounts.filter(
    (account) =>
      account.status === "ACTIVE" &&
      ACCOUNT_ID.test(account.id) &&
      (!filters.account || account.id === filters.account) &&
      (!filters.ou || account.ouPath.includes(filters.ou)),
  );
  const table = rolesByProfile(input.policy, reachable);
  // People with the same profiles reach the same accounts: compute each distinct set once.
  const bySet = new Map<string, Map<string, Grant[]>>();
  const cells: RoleCell[] = [];
  const people: PersonAccess[] = [];
  const names = new Map(reachable.map((account) => [account.id, account]));

  for (const person of input.people) {
    if (filters.person && lower(person.email) !== lower(filters.person)) continue;
    if (filters.group && !person.groups.some((group) => lower(group) === lower(filters.group!))) continue;
    const profiles = profilesFor({ sub: person.email, email: person.email, groups: [...person.groups] }, input.policy);
    const key = profiles.map((profile) => profile.id).join("\n");
    let grants = bySet.get(key);
    if (!grants) {
      grants = grantsForProfiles(profiles, reachable, table);
      bySet.set(key, grants);
    }
    let personCells = 0;
    for (const [accountId, roles] of grants) {
      const account = names.get(accountId)!;
      for (const grant of roles) {
        if (filters.role && grant.roleName !== filters.role) continue;
        cells.push({ email: person.email, accountId, accountName: account.name ?? accountId, ouPath: account.ouPath, ...grant });
        personCells += 1;
      }
    }
    // With an account, OU or role filter, the question is "who can reach this": people reaching none of it are left out.
    if ((filters.account || filters.ou || filters.role) && personCells === 0) continue;
    people.push({
      email: person.email,
      groups: person.groups,
      profileIds: profiles.map((profile) => profile.id),
      instanceRules: profiles.flatMap((profile) => profile.instances.map((rule) => summarizeRule(profile, rule))),
      portForwardingRules: profiles.flatMap((profile) =>
        profile.portForwarding.map((rule) => ({
          ...summarizeRule(profile, rule),
          ports: rule.ports ?? [],
          remoteHosts: rule.remoteHosts ?? [],
          sshPorts: rule.sshPorts ?? [],
        })),
      ),
    });
  }
  return { cells, people };
}
