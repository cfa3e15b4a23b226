import "server-only";
import { ACCOUNT_ID, REGION } from "./ids";
import { findMatchingTag, matchesAccount, matchesAllTags, matchesRegion, type AccountInfo, type InstanceTags } from "./match";
import { subjectSchema, type Subject } from "./request";
import type { AccessPolicy, AccessProfile, PortForwardRule, TagConditions } from "./schema";

// What a user's profiles grant, computed from the policy alone. decide() and the UI helpers build on these so a
// tree mark or an instance listing never promises what a request would be refused.

const lower = (value: string) => value.toLowerCase();

/** The profiles granted to the subject by group or by user email, in file order (Google emails are case-insensitive). */
export function profilesFor(subject: Subject, policy: AccessPolicy): AccessProfile[] {
  const parsed = subjectSchema.safeParse(subject);
  if (!parsed.success) return [];
  const email = lower(parsed.data.email);
  const groups = new Set(parsed.data.groups.map(lower));
  return policy.profiles.filter(
    (profile) => profile.grantedTo.users.some((user) => lower(user) === email) || profile.grantedTo.groups.some((group) => groups.has(lower(group))),
  );
}

/** Roles one profile grants in an account, in rule order without repeats. */
export function listProfileRoles(profile: AccessProfile, account: Pick<AccountInfo, "id" | "ouPath">): string[] {
  const roles = profile.accountRoles.filter((rule) => matchesAccount(rule, account)).flatMap((rule) => rule.roles);
  return [...new Set(roles)];
}

export type PermittedRole = { roleName: string; profileId: string; requireReason: boolean };

/** Account id → roles the subject may open the console as; the first profile (file order) granting a role names it. */
export function listPermittedRoles(subject: Subject, accounts: readonly AccountInfo[], policy: AccessPolicy): Record<string, PermittedRole[]> {
  const profiles = profilesFor(subject, policy);
  const permitted: Record<string, PermittedRole[]> = {};
  for (const account of accounts) {
    if (account.status !== "ACTIVE" || !ACCOUNT_ID.test(account.id)) continue;
    const byRole = new Map<string, PermittedRole>();
    for (const profile of profiles) {
      for (const roleName of listProfileRoles(profile, account)) {
        if (!byRole.has(roleName)) byRole.set(roleName, { roleName, profileId: profile.id, requireReason: profile.requireReason.console });
      }
    }
    if (byRole.size > 0) permitted[account.id] = [...byRole.values()];
  }
  return permitted;
}

export type InstanceGrant = {
  profileId: string;
  /** The target-account role to list instances and start sessions with. */
  roleName: string;
  tags?: TagConditions;
  excludeTags?: TagConditions;
  requireReason: boolean;
};
/** The instance rules that reach one account and region, in file order; no grants means no instance is reachable. */
export type InstanceFilter = { accountId: string; region: string; grants: InstanceGrant[] };

type AccountRegionRule = AccessProfile["instances"][number] | PortForwardRule;

/** One grant per rule of the person's profiles that reaches the account and region, in file order. */
function grantsReaching<R extends AccountRegionRule, G>(
  subject: Subject,
  account: AccountInfo,
  region: string,
  policy: AccessPolicy,
  rulesOf: (profile: AccessProfile) => readonly R[],
  toGrant: (profile: AccessProfile, rule: R, base: InstanceGrant) => G,
): G[] {
  if (account.status !== "ACTIVE" || !ACCOUNT_ID.test(account.id) || !REGION.test(region)) return [];
  const grants: G[] = [];
  for (const profile of profilesFor(subject, policy)) {
    for (const rule of rulesOf(profile)) {
      if (!matchesAccount(rule, account) || !matchesRegion(rule.regions, region)) continue;
      const base: InstanceGrant = {
        profileId: profile.id,
        roleName: rule.role,
        ...(rule.tags && { tags: rule.tags }),
        ...(rule.excludeTags && { excludeTags: rule.excludeTags }),
        requireReason: false,
      };
      grants.push(toGrant(profile, rule, base));
    }
  }
  return grants;
}

/** Whether an instance with these tags meets a grant's instance conditions. */
const reachesTags = (grant: InstanceGrant, tags: InstanceTags) => matchesAllTags(grant.tags, tags) && findMatchingTag(grant.excludeTags, tags) === undefined;

export function instanceFilterFor(subject: Subject, account: AccountInfo, region: string, policy: AccessPolicy): InstanceFilter {
  const grants = grantsReaching(
    subject,
    account,
    region,
    policy,
    (profile) => profile.instances,
    (profile, _rule, base) => ({ ...base, requireReason: profile.requireReason.shell }),
  );
  return { accountId: account.id, region, grants };
}

/** The first grant reaching an instance with these tags, or undefined: the same test decide() applies to shells. */
export function findInstanceGrant(filter: InstanceFilter, tags: InstanceTags): InstanceGrant | undefined {
  return filter.grants.find((grant) => reachesTags(grant, tags));
}

/** A port-forwarding rule reaching one account and region, with the profile it belongs to. */
export type PortForwardGrant = InstanceGrant & { rule: PortForwardRule };

/** The port-forwarding rules that reach one account and region, in file order (as instanceFilterFor for shells). */
export function portForwardFilterFor(
  subject: Subject,
  account: AccountInfo,
  region: string,
  policy: AccessPolicy,
): { accountId: string; region: string; grants: PortForwardGrant[] } {
  const grants = grantsReaching(
    subject,
    account,
    region,
    policy,
    (profile) => profile.portForwarding,
    (profile, rule, base) => ({ ...base, requireReason: profile.requireReason.forward, rule }),
  );
  return { accountId: account.id, region, grants };
}

/** The grants whose instance conditions an instance with these tags meets, in file order. */
export function portForwardGrantsForInstance(grants: readonly PortForwardGrant[], tags: InstanceTags): PortForwardGrant[] {
  return grants.filter((grant) => reachesTags(grant, tags));
}
