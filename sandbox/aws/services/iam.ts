import { AwsError } from "../protocol/errors";
import { el, node, queryList, queryStructList, type QueryParams } from "../protocol/query-protocol";
import type { ApiContext } from "./context";
import { requireAllowed } from "./context";

// IAM (AWS Query, Version 2010-05-08): SimulatePrincipalPolicy, what Gatehouse's "why not" asks. The role's (or
// user's) identity policies and the SCPs on its account's path are evaluated with the sandbox's IAM evaluator; the
// answer has AWS's shape: EvalDecision per action and resource, MatchedStatements naming identity policies only, and
// OrganizationsDecisionDetail.AllowedByOrganizations for the SCPs (docs/explaining-access.md).

const MAX_ACTIONS = 100;

function principalOf(ctx: ApiContext, arn: string) {
  const role = ctx.world.roleByArn(arn);
  if (role) return { accountId: role.accountId, arn: role.arn, policies: role.policies.map((p) => ({ name: p.name, policy: p.document })) };
  for (const { user } of ctx.world.accessKeys.values()) {
    if (user.arn === arn) return { accountId: user.accountId, arn: user.arn, policies: user.policies.map((p) => ({ name: p.name, policy: p.document })) };
  }
  return undefined;
}

function contextEntries(params: QueryParams): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const entry of queryStructList(params, "ContextEntries.member")) {
    const name = entry.get("ContextKeyName");
    if (!name) throw new AwsError("InvalidInput", "ContextKeyName is required for every context entry.", 400);
    const values = [...entry].filter(([key]) => /^ContextKeyValues\.member\.\d+$/.test(key)).map(([, value]) => value);
    const type = entry.get("ContextKeyType") ?? "string";
    context[name] = type.endsWith("List") ? values : (values[0] ?? "");
  }
  return context;
}

async function simulatePrincipalPolicy(ctx: ApiContext, params: QueryParams): Promise<string> {
  const source = params.get("PolicySourceArn");
  if (!source)
    throw new AwsError(
      "ValidationError",
      "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null",
      400,
    );
  const actions = queryList(params, "ActionNames.member");
  if (actions.length === 0 || actions.length > MAX_ACTIONS) throw new AwsError("InvalidInput", `ActionNames must name 1 to ${MAX_ACTIONS} actions.`, 400);
  const resources = queryList(params, "ResourceArns.member");
  const principal = principalOf(ctx, source);
  // The caller needs iam:SimulatePrincipalPolicy on the principal (and the principal must be in its account).
  await requireAllowed(ctx, { action: "iam:SimulatePrincipalPolicy", resource: source, resourceAccountId: principal?.accountId ?? source.split(":")[4] });
  if (!principal || principal.accountId !== ctx.caller.accountId) {
    throw new AwsError("NoSuchEntity", `The user or role with name ${source.split("/").at(-1)} cannot be found.`, 404);
  }
  // As in AWS, only the context entries given count; the sandbox fills in aws:RequestedRegion from the signing region.
  const context = { "aws:RequestedRegion": ctx.region, ...contextEntries(params) };
  const results: string[] = [];
  for (const action of actions) {
    for (const resource of resources.length ? resources : ["*"]) {
      const resourceAccountId = resource === "*" ? principal.accountId : resource.split(":")[4] || principal.accountId;
      const result = ctx.authorizer.simulateIdentity({ ...principal, action, resource, resourceAccountId, context });
      results.push(
        node(
          "member",
          el("EvalActionName", action),
          el("EvalResourceName", resource),
          el("EvalDecision", result.decision),
          node("MatchedStatements", ...result.matchedPolicies.map((name) => node("member", el("SourcePolicyId", name), el("SourcePolicyType", "IAM Policy")))),
          node("MissingContextValues"),
          node("OrganizationsDecisionDetail", el("AllowedByOrganizations", result.allowedByOrganizations)),
        ),
      );
    }
  }
  return `${node("EvaluationResults", ...results)}${el("IsTruncated", false)}`;
}

export const iamHandlers: Record<string, (ctx: ApiContext, params: QueryParams) => Promise<string>> = {
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
};
