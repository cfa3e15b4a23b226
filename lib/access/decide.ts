import "server-only";
import { describeDestination, describeRuleDestinations, ruleAllowsDestination } from "./forward-match";
import { findInstanceGrant, instanceFilterFor, listProfileRoles, portForwardFilterFor, portForwardGrantsForInstance, profilesFor } from "./grants";
import { explainInstanceDenial } from "./explain-instance";
import type { AccountInfo } from "./match";
import { describeAccount, describeAdminAction, describeNoProfile, joinWords, listProfileIds } from "./reasons";
import { parseDecisionInput, type AccessRequest, type ParsedRequest, type Subject } from "./request";
import type { AccessPolicy, AccessProfile } from "./schema";

// The one answer to "may this user do this?". Deny by default: every path that does not find a granting
// profile refuses, and when several profiles grant, the first in file order is used and named.

export type DenyCode = "invalid-input" | "no-profile" | "unknown-account" | "account-inactive" | "not-granted" | "reason-required";
export type Allowed = {
  allowed: true;
  profile: AccessProfile;
  reason: string;
  /** The target-account role to assume (console, shell and forward actions and instance listing). */
  roleName?: string;
};
export type Denied = { allowed: false; code: DenyCode; reason: string };
export type Decision = Allowed | Denied;

export type DecisionContext = {
  policy: AccessPolicy;
  /** The requested account as the org tree knows it; absent (or another id) means it is not in the organization. */
  account?: AccountInfo | null;
};

type AccountRequest = Extract<ParsedRequest, { accountId: string }>;

const deny = (code: DenyCode, reason: string): Denied => ({ allowed: false, code, reason });
const allow = (profile: AccessProfile, reason: string, roleName?: string): Allowed => ({
  allowed: true,
  profile,
  reason,
  ...(roleName !== undefined && { roleName }),
});

export function decide(subject: Subject, request: AccessRequest, context: DecisionContext): Decision {
  const input = parseDecisionInput(subject, request);
  if (!input.ok) return deny("invalid-input", input.reason);
  const parsed = input.request;
  const profiles = profilesFor(input.subject, context.policy);
  const [first] = profiles;
  if (!first) return deny("no-profile", describeNoProfile(input.subject.groups));

  switch (parsed.action) {
    case "org:view":
      return allow(first, `Profile ${first.id} lets you view the organization.`);
    case "admin:sync":
    case "admin:people":
    case "admin:access":
    case "health:details":
    case "audit:view-all":
    case "sessions:view-all": {
      const admin = profiles.find((profile) => profile.admin);
      const what = describeAdminAction(parsed.action);
      if (admin) return allow(admin, `Profile ${admin.id} is an administrator profile, which may ${what}.`);
      return deny("not-granted", `Only administrators may ${what}; your profiles (${listProfileIds(profiles)}) are not administrator profiles.`);
    }
    default: {
      const account = context.account;
      if (!account || account.id !== parsed.accountId) return deny("unknown-account", `Account ${parsed.accountId} is not in the organization.`);
      if (account.status !== "ACTIVE") {
        return deny("account-inactive", `${capitalize(describeAccount(account))} is ${account.status}; only active accounts can be reached.`);
      }
      return decideInAccount(input.subject, parsed, account, profiles, context.policy);
    }
  }
}

function decideInAccount(subject: Subject, request: AccountRequest, account: AccountInfo, profiles: AccessProfile[], policy: AccessPolicy): Decision {
  const where = describeAccount(account);
  switch (request.action) {
    case "console:open": {
      const profile = profiles.find((candidate) => listProfileRoles(candidate, account).includes(request.roleName));
      if (!profile) {
        const granted = [...new Set(profiles.flatMap((candidate) => listProfileRoles(candidate, account)))];
        const sentence = `Your profiles (${listProfileIds(profiles)})`;
        if (granted.length === 0) return deny("not-granted", `${sentence} grant no role in ${where}.`);
        return deny("not-granted", `${sentence} do not grant role ${request.roleName} in ${where}. They grant ${joinWords(granted)} there.`);
      }
      if (profile.requireReason.console && !request.reason) {
        return deny("reason-required", `Profile ${profile.id} requires a reason to open the console; say why you need role ${request.roleName} in ${where}.`);
      }
      return allow(profile, `Profile ${profile.id} grants role ${request.roleName} in ${where}.`, request.roleName);
    }
    case "instances:list": {
      const [grant] = instanceFilterFor(subject, account, request.region, policy).grants;
      if (!grant) return deny("not-granted", explainInstanceDenial(profiles, account, request.region));
      const profile = profiles.find((candidate) => candidate.id === grant.profileId) as AccessProfile;
      return allow(profile, `Profile ${profile.id} reaches instances in ${where}, ${request.region}, as role ${grant.roleName}.`, grant.roleName);
    }
    case "shell:open": {
      const grant = findInstanceGrant(instanceFilterFor(subject, account, request.region, policy), request.tags);
      if (!grant) return deny("not-granted", explainInstanceDenial(profiles, account, request.region, { id: request.instanceId, tags: request.tags }));
      const profile = profiles.find((candidate) => candidate.id === grant.profileId) as AccessProfile;
      if (grant.requireReason && !request.reason) {
        return deny("reason-required", `Profile ${profile.id} requires a reason to open a shell; say why you need instance ${request.instanceId}.`);
      }
      return allow(
        profile,
        `Profile ${profile.id} reaches instance ${request.instanceId} in ${where}, ${request.region}, as role ${grant.roleName}.`,
        grant.roleName,
      );
    }
    case "forward:open": {
      const onInstance = portForwardGrantsForInstance(portForwardFilterFor(subject, account, request.region, policy).grants, request.tags);
      if (onInstance.length === 0) {
        return deny("not-granted", explainInstanceDenial(profiles, account, request.region, { id: request.instanceId, tags: request.tags }, "forward"));
      }
      const destination = describeDestination(request.document, request.host, request.port);
      const grant = onInstance.find((candidate) => ruleAllowsDestination(candidate.rule, request.document, request.host, request.port));
      if (!grant) {
        const [first] = onInstance;
        const sameProfile = onInstance.filter((candidate) => candidate.profileId === first!.profileId).map((candidate) => candidate.rule);
        const allowed = describeRuleDestinations(sameProfile);
        return deny(
          "not-granted",
          `Your profile ${first!.profileId} lets you forward from instance ${request.instanceId} only to ${joinWords(allowed, "and") || "nowhere"}; not to ${destination}.`,
        );
      }
      const profile = profiles.find((candidate) => candidate.id === grant.profileId) as AccessProfile;
      if (grant.requireReason && !request.reason) {
        return deny(
          "reason-required",
          `Profile ${profile.id} requires a reason to forward ports; say why you need ${destination} from instance ${request.instanceId}.`,
        );
      }
      return allow(
        profile,
        `Profile ${profile.id} lets you forward from instance ${request.instanceId} in ${where}, ${request.region}, to ${destination}, as role ${grant.roleName}.`,
        grant.roleName,
      );
    }
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
