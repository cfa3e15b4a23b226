import { InvalidNextTokenError } from "../pagination";
import { AwsError } from "../protocol/errors";
import type { Account, OrganizationalUnit, ServiceControlPolicy } from "../state/world";
import { numberParam, requireAllowed, stringParam, tagList, type ApiContext } from "./context";

// AWS Organizations read API (JSON 1.1, target prefix AWSOrganizationsV20161128). Only the management account or
// a delegated administrator may call it, except DescribeOrganization, which any member account may call.

type Params = Record<string, unknown>;
type Handler = (ctx: ApiContext, params: Params) => Promise<unknown>;

const PARENT_ID = /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const CHILD_ID = /^(?:\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const TARGET_ID = /^(?:r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

function invalidInput(reason: string, message: string): AwsError {
  return new AwsError("InvalidInputException", message, 400, { Reason: reason });
}

function requireId(params: Params, name: string, pattern: RegExp): string {
  const value = stringParam(params, name);
  if (value === undefined) throw invalidInput("INPUT_REQUIRED", `You must specify a value for ${name}.`);
  if (!pattern.test(value)) throw invalidInput("INVALID_PATTERN", `The ${name} you specified does not match the required pattern.`);
  return value;
}

async function authorizeOrg(ctx: ApiContext, action: string, resource = "*"): Promise<void> {
  await requireAllowed(ctx, { action, resource });
  const { managementAccountId, delegatedAdministrators } = ctx.world.org;
  if (
    action !== "organizations:DescribeOrganization" &&
    ctx.caller.accountId !== managementAccountId &&
    !delegatedAdministrators.includes(ctx.caller.accountId)
  ) {
    throw new AwsError("AccessDeniedException", "You don't have permissions to access this resource.", 403);
  }
}

function paged<T>(ctx: ApiContext, params: Params, key: string, all: readonly T[], withMaxResults = true): { items: T[]; NextToken?: string } {
  const maxResults = withMaxResults ? numberParam(params, "MaxResults") : undefined;
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 20)) {
    throw invalidInput(maxResults < 1 ? "MIN_VALUE_EXCEEDED" : "MAX_VALUE_EXCEEDED", "MaxResults must be between 1 and 20.");
  }
  try {
    const page = ctx.paginator.page(all, { queryKey: `${ctx.operation}/${key}`, maxResults, nextToken: stringParam(params, "NextToken") });
    return page.nextToken ? { items: page.items, NextToken: page.nextToken } : { items: page.items };
  } catch (error) {
    if (error instanceof InvalidNextTokenError) {
      throw invalidInput(
        "INVALID_NEXT_TOKEN",
        "You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.",
      );
    }
    throw error;
  }
}

function withToken<K extends string, T>(name: K, page: { items: T[]; NextToken?: string }): Record<K, T[]> & { NextToken?: string } {
  return { [name]: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) } as Record<K, T[]> & { NextToken?: string };
}

const accountShape = (a: Account) => ({
  Id: a.id,
  Arn: a.arn,
  Email: a.email,
  Name: a.name,
  Status: a.status,
  State: a.status === "ACTIVE" ? "ACTIVE" : a.status === "SUSPENDED" ? "SUSPENDED" : "PENDING_CLOSURE",
  JoinedMethod: a.joinedMethod,
  JoinedTimestamp: a.joinedTimestamp,
});
// Account objects are built once per world: ListAccounts on a 5,000-account org then costs a slice per page.
const accountShapes = new WeakMap<Account, ReturnType<typeof accountShape>>();
function shapeOf(a: Account): ReturnType<typeof accountShape> {
  let shape = accountShapes.get(a);
  if (!shape) accountShapes.set(a, (shape = accountShape(a)));
  return shape;
}
const allAccountShapes = new WeakMap<ApiContext["world"], ReturnType<typeof accountShape>[]>();

const ouShape = (o: OrganizationalUnit) => ({ Id: o.id, Arn: o.arn, Name: o.name });
const policySummary = (p: ServiceControlPolicy) => ({
  Id: p.id,
  Arn: p.arn,
  Name: p.name,
  Description: p.description,
  Type: "SERVICE_CONTROL_POLICY",
  AwsManaged: p.awsManaged,
});

function parentArn(ctx: ApiContext, parentId: string): string {
  const { world } = ctx;
  if (parentId === world.root.id) return world.root.arn;
  return world.ous.get(parentId)?.arn ?? `arn:aws:organizations::${world.org.managementAccountId}:ou/${world.org.id}/${parentId}`;
}

/** The ARN IAM evaluates. AWS-managed SCPs are evaluated in the organization's policy ARN form, since IAM's
 * organizations actions (DescribePolicy, ListTagsForResource) are defined on that resource type only. */
function targetArn(ctx: ApiContext, id: string): string {
  if (/^\d{12}$/.test(id)) return ctx.world.accountArn(id);
  if (id.startsWith("p-")) return `arn:aws:organizations::${ctx.world.org.managementAccountId}:policy/${ctx.world.org.id}/service_control_policy/${id}`;
  return parentArn(ctx, id);
}

const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
const OTHER_POLICY_TYPES = ["TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "RESOURCE_CONTROL_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2"];

/** The sandbox's organization has only SCPs enabled: other known types are "not enabled", unknown ones invalid. */
function requireScpFilter(filter: string): void {
  if (filter === "SERVICE_CONTROL_POLICY") return;
  if (!OTHER_POLICY_TYPES.includes(filter)) throw invalidInput("INVALID_ENUM_POLICY_TYPE", "You specified an invalid policy type string.");
  throw new AwsError("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.", 400);
}

/** A ListTargetsForPolicy entry: what AWS calls a PolicyTargetSummary. */
function targetShape(ctx: ApiContext, id: string) {
  const { world } = ctx;
  if (id === world.root.id) return { TargetId: id, Arn: world.root.arn, Name: world.root.name, Type: "ROOT" };
  const ou = world.ous.get(id);
  if (ou) return { TargetId: id, Arn: ou.arn, Name: ou.name, Type: "ORGANIZATIONAL_UNIT" };
  return { TargetId: id, Arn: world.accountArn(id), Name: world.accounts.get(id)?.name ?? id, Type: "ACCOUNT" };
}

function requireParent(ctx: ApiContext, parentId: string): void {
  if (!ctx.world.isParent(parentId)) throw new AwsError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.", 404);
}

export const organizationsHandlers: Record<string, Handler> = {
  async DescribeOrganization(ctx) {
    await authorizeOrg(ctx, "organizations:DescribeOrganization");
    const o = ctx.world.org;
    return {
      Organization: {
        Id: o.id,
        Arn: o.arn,
        FeatureSet: o.featureSet,
        MasterAccountArn: o.managementAccountArn,
        MasterAccountId: o.managementAccountId,
        MasterAccountEmail: o.managementEmail,
        AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
      },
    };
  },

  async ListRoots(ctx, params) {
    await authorizeOrg(ctx, "organizations:ListRoots");
    const r = ctx.world.root;
    const roots = [{ Id: r.id, Arn: r.arn, Name: r.name, PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }] }];
    return withToken("Roots", paged(ctx, params, "", roots));
  },

  async ListOrganizationalUnitsForParent(ctx, params) {
    const parentId = requireId(params, "ParentId", PARENT_ID);
    await authorizeOrg(ctx, "organizations:ListOrganizationalUnitsForParent", parentArn(ctx, parentId));
    requireParent(ctx, parentId);
    const ous = ctx.world.childrenOf(parentId).ous.map((id) => ouShape(ctx.world.ous.get(id)!));
    return withToken("OrganizationalUnits", paged(ctx, params, parentId, ous));
  },

  async ListAccountsForParent(ctx, params) {
    const parentId = requireId(params, "ParentId", PARENT_ID);
    await authorizeOrg(ctx, "organizations:ListAccountsForParent", parentArn(ctx, parentId));
    requireParent(ctx, parentId);
    const accounts = ctx.world.childrenOf(parentId).accounts.map((id) => shapeOf(ctx.world.accounts.get(id)!));
    return withToken("Accounts", paged(ctx, params, parentId, accounts));
  },

  async ListAccounts(ctx, params) {
    await authorizeOrg(ctx, "organizations:ListAccounts");
    let shapes = allAccountShapes.get(ctx.world);
    if (!shapes) allAccountShapes.set(ctx.world, (shapes = ctx.world.accountList.map(shapeOf)));
    return withToken("Accounts", paged(ctx, params, "", shapes));
  },

  async ListChildren(ctx, params) {
    const parentId = requireId(params, "ParentId", PARENT_ID);
    const childType = stringParam(params, "ChildType");
    if (childType !== "ACCOUNT" && childType !== "ORGANIZATIONAL_UNIT") {
      throw invalidInput("INVALID_ENUM", "You specified an invalid value for ChildType.");
    }
    await authorizeOrg(ctx, "organizations:ListChildren", parentArn(ctx, parentId));
    requireParent(ctx, parentId);
    const children = ctx.world.childrenOf(parentId);
    const ids = childType === "ACCOUNT" ? children.accounts : children.ous;
    return withToken(
      "Children",
      paged(
        ctx,
        params,
        `${parentId}/${childType}`,
        ids.map((Id) => ({ Id, Type: childType })),
      ),
    );
  },

  async ListParents(ctx, params) {
    const childId = requireId(params, "ChildId", CHILD_ID);
    await authorizeOrg(ctx, "organizations:ListParents", targetArn(ctx, childId));
    const parentId = ctx.world.parentOf(childId);
    if (!parentId)
      throw new AwsError("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.", 404);
    const parents = [{ Id: parentId, Type: parentId === ctx.world.root.id ? "ROOT" : "ORGANIZATIONAL_UNIT" }];
    return withToken("Parents", paged(ctx, params, childId, parents));
  },

  async ListPoliciesForTarget(ctx, params) {
    const targetId = requireId(params, "TargetId", TARGET_ID);
    const filter = stringParam(params, "Filter");
    if (filter === undefined) throw invalidInput("INPUT_REQUIRED", "You must specify a value for Filter.");
    await authorizeOrg(ctx, "organizations:ListPoliciesForTarget", targetArn(ctx, targetId));
    const known = ctx.world.isParent(targetId) || ctx.world.accounts.has(targetId);
    if (!known) throw new AwsError("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.", 404);
    requireScpFilter(filter);
    const policies = ctx.world.attachedPolicies(targetId).map((id) => policySummary(ctx.world.policies.get(id)!));
    return withToken("Policies", paged(ctx, params, `${targetId}/${filter}`, policies));
  },

  async ListPolicies(ctx, params) {
    const filter = stringParam(params, "Filter");
    if (filter === undefined) throw invalidInput("INPUT_REQUIRED", "You must specify a value for Filter.");
    await authorizeOrg(ctx, "organizations:ListPolicies");
    requireScpFilter(filter);
    return withToken("Policies", paged(ctx, params, filter, [...ctx.world.policies.values()].map(policySummary)));
  },

  async ListTargetsForPolicy(ctx, params) {
    const policyId = requireId(params, "PolicyId", POLICY_ID);
    await authorizeOrg(ctx, "organizations:ListTargetsForPolicy", targetArn(ctx, policyId));
    if (!ctx.world.policies.has(policyId)) throw new AwsError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.", 404);
    // Page the ids, then describe only the page: FullAWSAccess alone has a target per node.
    const page = paged(ctx, params, policyId, ctx.world.policyTargets(policyId));
    return withToken("Targets", { ...page, items: page.items.map((id) => targetShape(ctx, id)) });
  },

  async DescribePolicy(ctx, params) {
    const policyId = requireId(params, "PolicyId", POLICY_ID);
    await authorizeOrg(ctx, "organizations:DescribePolicy", targetArn(ctx, policyId));
    const policy = ctx.world.policies.get(policyId);
    if (!policy) throw new AwsError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.", 404);
    return { Policy: { PolicySummary: policySummary(policy), Content: policy.contentJson } };
  },

  async ListTagsForResource(ctx, params) {
    const resourceId = requireId(params, "ResourceId", /^((r-[0-9a-z]{4,32})|(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})|(p-[0-9a-zA-Z_]{8,128}))$/);
    await authorizeOrg(ctx, "organizations:ListTagsForResource", targetArn(ctx, resourceId));
    const tags = ctx.world.tagsOf(resourceId);
    if (!tags) throw new AwsError("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.", 404);
    return withToken("Tags", paged(ctx, params, resourceId, tagList(tags), false));
  },

  async DescribeAccount(ctx, params) {
    const accountId = requireId(params, "AccountId", /^\d{12}$/);
    await authorizeOrg(ctx, "organizations:DescribeAccount", ctx.world.accountArn(accountId));
    const account = ctx.world.accounts.get(accountId);
    if (!account)
      throw new AwsError(
        "AccountNotFoundException",
        "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.",
        404,
      );
    return { Account: shapeOf(account) };
  },

  async DescribeOrganizationalUnit(ctx, params) {
    const ouId = requireId(params, "OrganizationalUnitId", /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
    await authorizeOrg(ctx, "organizations:DescribeOrganizationalUnit", parentArn(ctx, ouId));
    const ou = ctx.world.ous.get(ouId);
    if (!ou) throw new AwsError("OrganizationalUnitNotFoundException", "We can't find an OU with the OrganizationalUnitId that you specified.", 404);
    return { OrganizationalUnit: ouShape(ou) };
  },
};
