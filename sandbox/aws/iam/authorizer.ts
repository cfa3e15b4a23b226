// AGPL notice: @cloud-copilot/iam-simulate is AGPL-3.0. Only sandbox/ may import it; Gatehouse itself never does.
import { runSimulation, runUnsafeSimulation, type Simulation, type SingleResourceSimulationResult } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../seed/schema";
import type { Caller } from "../state/credentials";
import type { World } from "../state/world";
import { findPolicyReferences, relevantContext, type PolicyReferences } from "./policy-keys";

// Policy evaluation for every API call: the caller's identity policies, the SCPs on the caller account's path
// (the management account is exempt, as in AWS) and, for AssumeRole, the role's trust policy. Decisions are
// memoised by every input the policies can look at (policy-keys.ts), so repeated calls cost a map lookup.

export type DenyReason = "identity-implicit" | "identity-explicit" | "scp-implicit" | "scp-explicit" | "resource-implicit" | "resource-explicit";
export type Decision = { allowed: true } | { allowed: false; reason: DenyReason };

export interface AuthorizeInput {
  caller: Caller;
  action: string;
  /** The resource ARN, or "*" for actions that take no resource. */
  resource: string;
  resourceAccountId: string;
  region: string;
  /** Request and resource condition keys (resource tags, request tags, sts:* keys). */
  context?: Record<string, string | string[]>;
  /** A resource-based policy (a role trust policy) and a stable key identifying it for the cache. */
  resourcePolicy?: { key: string; document: PolicyDocument };
}

export interface SimulateIdentityInput {
  accountId: string;
  arn: string;
  policies: { name: string; policy: PolicyDocument }[];
  action: string;
  resource: string;
  resourceAccountId: string;
  context: Record<string, string | string[]>;
}

export interface IdentitySimulation {
  decision: "allowed" | "explicitDeny" | "implicitDeny";
  allowedByOrganizations: boolean;
  matchedPolicies: string[];
}

const CACHE_LIMIT = 50_000;

export class Authorizer {
  private readonly cache = new Map<string, Decision>();
  private readonly references = new Map<string, PolicyReferences>();

  constructor(private readonly world: World) {}

  async authorize(input: AuthorizeInput): Promise<Decision> {
    const caller = input.caller;
    const context = { ...principalContext(this.world, caller, input.region), ...input.context };
    const exempt = caller.accountId === this.world.org.managementAccountId;
    const identityArn = caller.kind === "user" ? caller.user.arn : caller.role.arn;
    const policySet = `${identityArn}|${exempt ? "-" : caller.accountId}|${input.resourcePolicy?.key ?? ""}`;
    const identityPolicies = (caller.kind === "user" ? caller.user.policies : caller.role.policies).map((p) => ({ name: p.name, policy: p.document }));
    const scps = exempt ? [] : this.world.scpChain(caller.accountId);
    let references = this.references.get(policySet);
    if (!references) {
      const documents = [
        ...identityPolicies.map((p) => p.policy),
        ...scps.flatMap((level) => level.policies.map((p) => p.policy)),
        input.resourcePolicy?.document,
      ];
      this.references.set(policySet, (references = findPolicyReferences(documents)));
    }
    const principalKey = references.namesSessions || caller.kind === "user" ? caller.arn : `${identityArn}#session`;
    const key = JSON.stringify([policySet, principalKey, input.action, input.resource, input.resourceAccountId, relevantContext(context, references)]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const simulation: Simulation = {
      request: {
        principal: caller.arn,
        action: input.action,
        resource: { resource: input.resource, accountId: input.resourceAccountId },
        contextVariables: context,
      },
      identityPolicies,
      serviceControlPolicies: scps,
      resourceControlPolicies: [],
      ...(input.resourcePolicy ? { resourcePolicy: input.resourcePolicy.document } : {}),
    };
    const decision = await decideSimulation(simulation);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, decision);
    return decision;
  }

  /**
   * iam:SimulatePrincipalPolicy for a role or user: its identity policies and the SCPs on its account's path (the
   * management account is exempt), each judged on its own so the answer can say which side decided, as AWS's
   * OrganizationsDecisionDetail does. Matched statements name the identity policies that decided (a deny hides the
   * allows, as in AWS); SCP statements are never named.
   */
  simulateIdentity(input: SimulateIdentityInput): IdentitySimulation {
    const exempt = input.accountId === this.world.org.managementAccountId;
    const scps = exempt ? [] : this.world.scpChain(input.accountId);
    const request = {
      principal: input.arn,
      action: input.action,
      resource: { resource: input.resource, accountId: input.resourceAccountId },
      contextVariables: { "aws:PrincipalAccount": input.accountId, "aws:PrincipalArn": input.arn, "aws:PrincipalOrgID": this.world.org.id, ...input.context },
    };
    const run = (identityPolicies: { name: string; policy: PolicyDocument }[], serviceControlPolicies: typeof scps) =>
      runUnsafeSimulation({ request, identityPolicies, serviceControlPolicies, resourceControlPolicies: [] }, {});
    const everything = [
      { name: "allow-all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } as PolicyDocument },
    ];
    const organizations = scps.length === 0 ? "Allowed" : run(everything, scps);
    const identity = run(input.policies, []);
    const alone = input.policies.map((policy) => ({ name: policy.name, result: run([policy], []) }));
    const denies = alone.filter((policy) => policy.result === "ExplicitlyDenied").map((policy) => policy.name);
    const allows = alone.filter((policy) => policy.result === "Allowed").map((policy) => policy.name);
    const decision =
      identity === "ExplicitlyDenied" || organizations === "ExplicitlyDenied"
        ? "explicitDeny"
        : identity === "Allowed" && organizations === "Allowed"
          ? "allowed"
          : "implicitDeny";
    return { decision, allowedByOrganizations: organizations === "Allowed", matchedPolicies: denies.length > 0 ? denies : allows };
  }

  /** Whether a role's trust policy admits a web-identity caller (only the trust policy counts for this call). */
  async trustsWebIdentity(trustPolicy: PolicyDocument, roleArn: string, context: Record<string, string>): Promise<boolean> {
    const key = JSON.stringify(["web-identity", roleArn, sorted(context)]);
    const cached = this.cache.get(key);
    if (cached) return cached.allowed;
    const accountId = roleArn.split(":")[4]!;
    const result = await simulate({
      request: {
        principal: "accounts.google.com",
        action: "sts:AssumeRoleWithWebIdentity",
        resource: { resource: roleArn, accountId },
        contextVariables: context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trustPolicy,
    });
    const allowed = result.result.analysis.resourceAnalysis?.result === "Allowed";
    this.cache.set(key, allowed ? { allowed: true } : { allowed: false, reason: "resource-implicit" });
    return allowed;
  }
}

/**
 * iam-simulate finds the resource type from the ARN before it evaluates anything, and its ARN patterns want an
 * account (`arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}`). AWS-owned resources have none:
 * StartSession names `arn:aws:ssm:<region>::document/AWS-StartSSHSession`. AWS still evaluates the caller's policies
 * against that ARN (a policy naming `…:<account>:document/…` does not match it; `*` and `arn:aws:ssm:*::document/…`
 * do), so such requests are evaluated without the resource-type step, and the denial's kind is found by evaluating
 * again without the SCPs.
 */
async function decideSimulation(simulation: Simulation): Promise<Decision> {
  const result = await runSimulation(simulation, {});
  if (
    result.resultType === "error" &&
    (result.errors as { message?: string }).message === "no.resource.types" &&
    isAccountless(simulation.request.resource.resource)
  ) {
    const full = runUnsafeSimulation(simulation, {});
    if (full === "Allowed") return { allowed: true };
    const withoutScps = runUnsafeSimulation({ ...simulation, serviceControlPolicies: [] }, {});
    if (full === "ExplicitlyDenied") return { allowed: false, reason: withoutScps === "ExplicitlyDenied" ? "identity-explicit" : "scp-explicit" };
    return { allowed: false, reason: withoutScps === "Allowed" ? "scp-implicit" : "identity-implicit" };
  }
  return toDecision(checked(simulation, result).result.analysis);
}

/** arn:partition:service:region::resource (no account). */
const isAccountless = (arn: string) => arn.split(":")[4] === "";

async function simulate(simulation: Simulation): Promise<SingleResourceSimulationResult> {
  return checked(simulation, await runSimulation(simulation, {}));
}

function checked(simulation: Simulation, result: Awaited<ReturnType<typeof runSimulation>>): SingleResourceSimulationResult {
  if (result.resultType === "error") {
    throw new Error(`IAM simulation failed for ${simulation.request.action} on ${simulation.request.resource.resource}: ${JSON.stringify(result.errors)}`);
  }
  if (result.resultType !== "single") throw new Error(`IAM simulation for ${simulation.request.action} expected a single resource`);
  return result;
}

type Analysis = SingleResourceSimulationResult["result"]["analysis"];

function toDecision(a: Analysis): Decision {
  if (a.result === "Allowed") return { allowed: true };
  const scp = a.scpAnalysis;
  const identity = a.identityAnalysis?.result;
  const resource = a.resourceAnalysis?.result;
  if (scp?.result === "ExplicitlyDenied") return { allowed: false, reason: "scp-explicit" };
  if (identity === "ExplicitlyDenied") return { allowed: false, reason: "identity-explicit" };
  if (resource === "ExplicitlyDenied" || resource === "DeniedForAccount") return { allowed: false, reason: "resource-explicit" };
  if (scp && scp.result !== "Allowed" && scp.ouAnalysis.length > 0) return { allowed: false, reason: "scp-implicit" };
  if (identity !== "Allowed") return { allowed: false, reason: "identity-implicit" };
  return { allowed: false, reason: "resource-implicit" };
}

/** AWS's AccessDenied wording. `withResource: false` drops "on resource: …" as EC2 does for describe calls. */
export function deniedMessage(caller: Caller, action: string, resource: string, reason: DenyReason | undefined, withResource = true): string {
  const head = `User: ${caller.arn} is not authorized to perform: ${action}${withResource ? ` on resource: ${resource}` : ""}`;
  switch (reason) {
    case undefined:
      return head;
    case "identity-implicit":
      return `${head} because no identity-based policy allows the ${action} action`;
    case "identity-explicit":
      return `${head} with an explicit deny in an identity-based policy`;
    case "scp-implicit":
      return `${head} because no service control policy allows the ${action} action`;
    case "scp-explicit":
      return `${head} with an explicit deny in a service control policy`;
    case "resource-implicit":
      return `${head} because no resource-based policy allows the ${action} action`;
    case "resource-explicit":
      return `${head} with an explicit deny in a resource-based policy`;
  }
}

/** Global condition keys AWS sets from the calling principal. */
export function principalContext(world: World, caller: Caller, region: string): Record<string, string> {
  const context: Record<string, string> = {
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalOrgID": world.org.id,
    "aws:userid": caller.userId,
    "aws:RequestedRegion": region,
    "aws:SecureTransport": "true",
  };
  if (caller.kind === "user") {
    context["aws:PrincipalArn"] = caller.arn;
    context["aws:PrincipalType"] = "User";
    context["aws:username"] = caller.user.name;
    for (const [k, v] of Object.entries(caller.user.tags)) context[`aws:PrincipalTag/${k}`] = v;
  } else {
    context["aws:PrincipalArn"] = caller.role.arn;
    context["aws:PrincipalType"] = "AssumedRole";
    for (const [k, v] of Object.entries(caller.role.tags)) context[`aws:PrincipalTag/${k}`] = v;
    for (const [k, v] of Object.entries(caller.sessionTags)) context[`aws:PrincipalTag/${k}`] = v;
    if (caller.sourceIdentity) context["aws:SourceIdentity"] = caller.sourceIdentity;
  }
  return context;
}

function sorted(context: Record<string, string | string[]>): [string, string | string[]][] {
  return Object.entries(context).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
