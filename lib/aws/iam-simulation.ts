import "server-only";
import { SimulatePrincipalPolicyCommand, type ContextEntry } from "@aws-sdk/client-iam";
import { iamClient, type Credentials } from "./clients";

// iam:SimulatePrincipalPolicy for one role: what its own IAM policies and the SCPs on its account's OU path decide
// for some actions on some resources (docs/explaining-access.md). AWS names the identity-policy statements that
// decided; an SCP deny shows only as OrganizationsDecisionDetail.AllowedByOrganizations = false.

export type SimulatedDecision = "allowed" | "explicitDeny" | "implicitDeny";

export interface SimulationResult {
  action: string;
  resource: string;
  decision: SimulatedDecision;
  /** false: the SCPs refuse it; null when AWS did not say (the account is not in an organization). */
  allowedByOrganizations: boolean | null;
  /** The identity policies whose statements decided (ids as AWS gives them). */
  matchedPolicies: string[];
  /** Condition keys the policies use that were not given, so the answer may differ in real use. */
  missingContext: string[];
}

export interface SimulateInput {
  /** Credentials in the role's account allowed iam:SimulatePrincipalPolicy on the role (its own session will do). */
  credentials: Credentials;
  roleArn: string;
  actions: string[];
  resources: string[];
  context: Record<string, string>;
}

export async function simulateRolePolicies(input: SimulateInput): Promise<SimulationResult[]> {
  const entries: ContextEntry[] = Object.entries(input.context).map(([key, value]) => ({
    ContextKeyName: key,
    ContextKeyValues: [value],
    ContextKeyType: "string",
  }));
  const answer = await iamClient(input.credentials).send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: input.roleArn,
      ActionNames: input.actions,
      ResourceArns: input.resources,
      ContextEntries: entries,
    }),
  );
  return (answer.EvaluationResults ?? []).map((result) => ({
    action: result.EvalActionName ?? "",
    resource: result.EvalResourceName ?? "*",
    decision: (result.EvalDecision ?? "implicitDeny") as SimulatedDecision,
    allowedByOrganizations: result.OrganizationsDecisionDetail?.AllowedByOrganizations ?? null,
    matchedPolicies: [...new Set((result.MatchedStatements ?? []).map((statement) => statement.SourcePolicyId ?? "").filter(Boolean))],
    missingContext: result.MissingContextValues ?? [],
  }));
}
