import "server-only";

// The access model: every "may this user do this?" in Gatehouse goes through decide(); the helpers feed the UI
// (tree marks, instance lists) from the same rules.

export { decide, type Allowed, type Decision, type DecisionContext, type Denied, type DenyCode } from "./decide";
export { FORWARD_DOCUMENTS, forwardAuditDestination, type ForwardDocument } from "./forward-match";
export {
  findInstanceGrant,
  instanceFilterFor,
  portForwardFilterFor,
  portForwardGrantsForInstance,
  listPermittedRoles,
  listProfileRoles,
  profilesFor,
  type InstanceFilter,
  type InstanceGrant,
  type PermittedRole,
  type PortForwardGrant,
} from "./grants";
export { ACCOUNT_ID, INSTANCE_ID, OU_ID, REGION, ROLE_ARN, ROLE_NAME } from "./ids";
export { matchesPattern, type AccountInfo, type InstanceTags } from "./match";
export { AccessPolicyError, parseAccessPolicy, type ParsePolicyResult, type PolicyIssue } from "./parse-policy";
export type { AccessRequest, Subject } from "./request";
export type { AccessPolicy, AccessProfile, AccountRoleRule, InstanceRule, PortForwardRule, TagConditions } from "./schema";
