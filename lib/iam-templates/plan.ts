import { matchesAccount, type AccountInfo } from "@/lib/access/match";
import type { AccessPolicy, AccessProfile, AccountSelector } from "@/lib/access/schema";
import { parseRoleArn, parseRoleName, TemplateInputError, type ParsedRoleArn } from "./role-arns";

// What the profiles ask of AWS: which Custodian roles exist and which target roles each may open, and for every
// target role which Custodian roles it must trust and where a StackSet must deploy it. Pure: the caller passes the
// profiles and the stored organization.

export interface OrgLayout {
  /** The organization root id (r-…); null before the first organization sync. */
  rootId: string | null;
  accounts: readonly Pick<AccountInfo, "id" | "ouPath">[];
}

export interface CustodianPlan {
  role: ParsedRoleArn;
  profileIds: string[];
  /** Target role names (with path) this Custodian role may assume, sorted. */
  targetRoles: string[];
  maxSessionSeconds: number;
}

/** One StackSet stack-instances group (docs/iam-templates.md §StackSets). */
export interface DeploymentTarget {
  OrganizationalUnitIds: string[];
  Accounts?: string[];
  AccountFilterType?: "INTERSECTION";
}

export interface TargetRolePlan {
  /** As the profiles name it (may carry a path). */
  roleName: string;
  /** Custodian role ARNs that may assume it, sorted. */
  trustedBy: string[];
  deploymentTargets: DeploymentTarget[];
  maxSessionSeconds: number;
}

export interface RolePlan {
  custodians: CustodianPlan[];
  targets: TargetRolePlan[];
}

const ONE_HOUR = 3600;

export function planRoles(policy: AccessPolicy, org: OrgLayout): RolePlan {
  const custodians = new Map<string, CustodianPlan>();
  const targets = new Map<string, { trustedBy: Set<string>; all: boolean; ous: Set<string>; accounts: Set<string>; maxSessionSeconds: number }>();

  for (const profile of policy.profiles) {
    const custodian = parseRoleArn(profile.custodianRole);
    const seconds = Math.max(ONE_HOUR, profile.maxSessionSeconds ?? ONE_HOUR);
    const entry = custodians.get(custodian.arn) ?? { role: custodian, profileIds: [], targetRoles: [], maxSessionSeconds: ONE_HOUR };
    entry.profileIds.push(profile.id);
    entry.maxSessionSeconds = Math.max(entry.maxSessionSeconds, seconds);
    custodians.set(custodian.arn, entry);

    for (const rule of profileRoleRules(profile)) {
      for (const roleName of rule.roles) {
        parseRoleName(roleName);
        if (!entry.targetRoles.includes(roleName)) entry.targetRoles.push(roleName);
        const target = targets.get(roleName) ?? { trustedBy: new Set(), all: false, ous: new Set(), accounts: new Set(), maxSessionSeconds: ONE_HOUR };
        target.trustedBy.add(custodian.arn);
        target.maxSessionSeconds = Math.max(target.maxSessionSeconds, seconds);
        if (rule.accounts === "all") target.all = true;
        else for (const id of rule.accounts ?? []) target.accounts.add(id);
        for (const ou of rule.ous ?? []) target.ous.add(ou);
        targets.set(roleName, target);
      }
    }
  }

  return {
    custodians: [...custodians.values()].map((c) => ({ ...c, targetRoles: c.targetRoles.sort() })).sort((a, b) => a.role.arn.localeCompare(b.role.arn)),
    targets: [...targets.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([roleName, t]) => ({
        roleName,
        trustedBy: [...t.trustedBy].sort(),
        maxSessionSeconds: t.maxSessionSeconds,
        deploymentTargets: deploymentTargetsFor(t, org),
      })),
  };
}

/**
 * Every rule that makes Gatehouse assume a role for this profile: console roles, and the role shells and port
 * forwarding start sessions with (which need not be console roles).
 */
export function profileRoleRules(profile: AccessProfile): Array<AccountSelector & { roles: readonly string[] }> {
  return [
    ...profile.accountRoles,
    ...profile.instances.map((rule) => ({ ...rule, roles: [rule.role] })),
    ...profile.portForwarding.map((rule) => ({ ...rule, roles: [rule.role] })),
  ];
}

/**
 * `accounts: all` → the root (every account below it); `ous` → those OUs (children included); listed accounts not
 * already inside a targeted OU → their parent OUs filtered to exactly those accounts (INTERSECTION).
 */
function deploymentTargetsFor(target: { all: boolean; ous: Set<string>; accounts: Set<string> }, org: OrgLayout): DeploymentTarget[] {
  const root = () => {
    if (!org.rootId) throw new TemplateInputError("The organization has not been synced yet, so its root id is unknown. Sync the organization first.");
    return org.rootId;
  };
  if (target.all) return [{ OrganizationalUnitIds: [root()] }];
  const groups: DeploymentTarget[] = [];
  const ous = [...target.ous].sort();
  if (ous.length) groups.push({ OrganizationalUnitIds: ous });
  const byId = new Map(org.accounts.map((account) => [account.id, account]));
  const parents = new Set<string>();
  const listed: string[] = [];
  for (const id of [...target.accounts].sort()) {
    const account = byId.get(id);
    if (account && ous.length && matchesAccount({ ous }, account)) continue;
    listed.push(id);
    parents.add(account?.ouPath.at(-1) ?? root());
  }
  if (listed.length) groups.push({ OrganizationalUnitIds: [...parents].sort(), Accounts: listed, AccountFilterType: "INTERSECTION" });
  return groups;
}
