import "server-only";
import { decide, instanceFilterFor, profilesFor, type AccessPolicy, type AccessProfile, type AccessRequest, type Subject } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { chainUserOf, subjectOf, type Actor } from "@/lib/actor/actor";
import { listMatrixPeople } from "@/lib/admin-access/people-source";
import { recordAudit } from "@/lib/audit/record";
import { describeAwsFault } from "@/lib/aws/errors";
import { simulateRolePolicies } from "@/lib/aws/iam-simulation";
import { describeManagedInstance } from "@/lib/aws/instances";
import { assumeTargetRole, type RoleChainUser } from "@/lib/aws/role-chain";
import { describeRoleChainFault, RoleChainError } from "@/lib/aws/role-chain-error";
import { ServiceError } from "@/lib/errors";
import { getAccountInfo, type OrgAccount } from "@/lib/org/accounts";
import type { ActionCheck, Explanation, HopCheck } from "./explain-api";
import type { ExplainInput } from "./explain-input";
import { findBlockingScps } from "./scp-match";
import { scpLevelsFor } from "./scp-levels";

// "Why, and why not" for one person and one request: Gatehouse's own answer (decide(), with the sentence that names
// the rule that matched or nearly did) and, when Gatehouse allows it, AWS's: each hop of the role chain tried with a
// short session, and the target role's IAM policies and the SCPs on the account's path asked with
// iam:SimulatePrincipalPolicy (docs/explaining-access.md). Anyone may ask about themselves; administrators about
// anyone. Every question is audited (access.explain) before AWS is asked. The sessions made stay in Gatehouse.

const SHORT_SESSION_SECONDS = 900;
const SHELL_DOCUMENT = "SSM-SessionManagerRunShell";

type Target = { profile: AccessProfile; roleName: string };

async function resolveSubject(actor: Actor, person: string | undefined, policy: AccessPolicy): Promise<Subject> {
  if (!person || person.toLowerCase() === actor.email.toLowerCase()) return subjectOf(actor);
  const admin = decide(subjectOf(actor), { action: "admin:access" }, { policy });
  if (!admin.allowed) throw new ServiceError("not-admin", `You may ask why for yourself only. ${admin.reason}`);
  const known = (await listMatrixPeople()).find((candidate) => candidate.email.toLowerCase() === person.toLowerCase());
  if (!known) throw new ServiceError("not-found", `Gatehouse knows nobody as ${person}: they are in no group it reads and have never signed in.`);
  return { sub: known.email, email: known.email, groups: [...known.groups] };
}

function describeRequest(input: ExplainInput, account: OrgAccount | null): string {
  const where = account ? `${account.name} (${input.accountId})` : `account ${input.accountId}`;
  if (input.kind === "console") return `the console as ${input.roleName} in ${where}`;
  const on = `instance ${input.instanceId} in ${where}, ${input.region}`;
  if (input.kind === "shell") return `a shell on ${on}`;
  return `forwarding to ${input.host ? `${input.host}:` : "port "}${input.port} from ${on}`;
}

function accessRequest(input: ExplainInput, tags: Record<string, string>, reason?: string): AccessRequest {
  if (input.kind === "console") return { action: "console:open", accountId: input.accountId, roleName: input.roleName!, reason };
  const instance = { accountId: input.accountId, region: input.region!, instanceId: input.instanceId!, tags, reason };
  if (input.kind === "shell") return { action: "shell:open", ...instance };
  const document = input.document ?? (input.host ? "AWS-StartPortForwardingSessionToRemoteHost" : "AWS-StartPortForwardingSession");
  return { action: "forward:open", ...instance, document, port: input.port!, ...(input.host ? { host: input.host } : {}) };
}

/** The instance's tags as AWS reports them, read through the person's own instance grant (null: not found). */
async function readTags(subject: Subject, chainUser: RoleChainUser, policy: AccessPolicy, account: OrgAccount, input: ExplainInput) {
  const [grant] = instanceFilterFor(subject, account, input.region!, policy).grants;
  if (!grant) return {};
  const profile = policy.profiles.find((candidate) => candidate.id === grant.profileId)!;
  const session = await assumeTargetRole({ user: chainUser, profile, accountId: account.id, roleName: grant.roleName, durationSeconds: SHORT_SESSION_SECONDS });
  const instance = await describeManagedInstance(input.region!, session.credentials, input.instanceId!);
  return instance ? instance.tags : null;
}

function resourcesFor(input: ExplainInput, partition: string): string[] {
  const instance = input.instanceId!.startsWith("mi-")
    ? `arn:${partition}:ssm:${input.region}:${input.accountId}:managed-instance/${input.instanceId}`
    : `arn:${partition}:ec2:${input.region}:${input.accountId}:instance/${input.instanceId}`;
  const document =
    input.kind === "shell"
      ? `arn:${partition}:ssm:${input.region}:${input.accountId}:document/${SHELL_DOCUMENT}`
      : `arn:${partition}:ssm:${input.region}::document/${input.document ?? (input.host ? "AWS-StartPortForwardingSessionToRemoteHost" : "AWS-StartPortForwardingSession")}`;
  return [instance, document];
}

async function awsSide(chainUser: RoleChainUser, target: Target, input: ExplainInput, tags: Record<string, string>): Promise<NonNullable<Explanation["aws"]>> {
  const broker = "Gatehouse's broker";
  const hops: HopCheck[] = [];
  let credentials;
  try {
    const session = await assumeTargetRole({
      user: chainUser,
      profile: target.profile,
      accountId: input.accountId,
      roleName: target.roleName,
      durationSeconds: SHORT_SESSION_SECONDS,
    });
    credentials = session.credentials;
    hops.push({ from: broker, to: target.profile.custodianRole, ok: true });
    if (session.roleArn !== target.profile.custodianRole) hops.push({ from: target.profile.custodianRole, to: session.roleArn, ok: true });
  } catch (error) {
    const fault = describeRoleChainFault(error);
    const failedAt = error instanceof RoleChainError ? error.roleArn : target.profile.custodianRole;
    if (failedAt !== target.profile.custodianRole) hops.push({ from: broker, to: target.profile.custodianRole, ok: true });
    hops.push({ from: failedAt === target.profile.custodianRole ? broker : target.profile.custodianRole, to: failedAt, ok: false, message: fault.message });
    return { hops, actions: [], problem: fault.kind === "access-denied" ? null : { message: fault.message, retryable: fault.retryable }, note: null };
  }
  if (input.kind === "console") {
    return {
      hops,
      actions: [],
      problem: null,
      note: `The console opens as ${target.roleName}; what it may do there is that role's IAM policies and the SCPs on the account's path.`,
    };
  }
  const roleArn = hops.at(-1)!.to;
  const context: Record<string, string> = { "aws:RequestedRegion": input.region! };
  for (const [key, value] of Object.entries(tags)) context[`ssm:resourceTag/${key}`] = value;
  try {
    const results = await simulateRolePolicies({
      credentials,
      roleArn,
      actions: ["ssm:StartSession"],
      resources: resourcesFor(input, roleArn.split(":")[1]!),
      context,
    });
    const levels = results.some((result) => result.allowedByOrganizations === false) ? await scpLevelsFor(input.accountId) : [];
    const actions: ActionCheck[] = results.map((result) => ({
      ...result,
      scps: result.allowedByOrganizations === false ? findBlockingScps(levels, result.action, result.resource, context) : [],
    }));
    return { hops, actions, problem: null, note: null };
  } catch (error) {
    const fault = describeAwsFault(error, `asking IAM (SimulatePrincipalPolicy) what ${roleArn} may do`);
    return { hops, actions: [], problem: { message: fault.message, retryable: fault.retryable }, note: null };
  }
}

function summarize(gatehouse: Explanation["gatehouse"], aws: Explanation["aws"]): string {
  if (!gatehouse.allowed) return `Gatehouse refuses: ${gatehouse.reason}`;
  const broken = aws?.hops.find((hop) => !hop.ok);
  if (broken) return `Gatehouse allows it, but AWS refuses the role chain: ${broken.message}`;
  if (aws?.problem) return `Gatehouse allows it; AWS's side could not be checked: ${aws.problem.message}`;
  const denied = aws?.actions.filter((action) => action.decision !== "allowed") ?? [];
  if (denied.length === 0) return "Gatehouse allows it, and so does AWS: every hop of the role chain works and the role's policies and the SCPs allow it.";
  const scp = denied.flatMap((action) => action.scps).find((block) => block.kind === "deny") ?? denied.flatMap((action) => action.scps)[0];
  const what = `${denied[0]!.action} on ${denied[0]!.resource}`;
  if (denied.some((action) => action.allowedByOrganizations === false)) {
    return scp
      ? `Gatehouse allows it, but an SCP refuses ${what}: ${scp.policyName} (attached to ${scp.attachedTo}${scp.kind === "deny" ? `, statement ${scp.statement}` : ", which allows nothing of it"}).`
      : `Gatehouse allows it, but the SCPs on the account's path refuse ${what}.`;
  }
  return `Gatehouse allows it, but the role's own IAM policies do not allow ${what}${denied[0]!.matchedPolicies.length ? ` (${denied[0]!.matchedPolicies.join(", ")})` : ""}.`;
}

export async function explainAccess({ actor, input }: { actor: Actor; input: ExplainInput }): Promise<Explanation> {
  const policy = await getAccessPolicy();
  const subject = await resolveSubject(actor, input.person, policy);
  const account = await getAccountInfo(input.accountId);
  const request = describeRequest(input, account);
  await recordAudit({
    action: "access.explain",
    outcome: "allowed",
    actor,
    accountId: input.accountId,
    roleName: input.roleName ?? null,
    instanceId: input.instanceId ?? null,
    region: input.region ?? null,
    detail: `why or why not, for ${subject.email}: ${request}`,
  });
  // The sessions are made as the person asking, so CloudTrail names who looked; the grants are the subject's.
  const chainUser = chainUserOf(actor);
  let tags: Record<string, string> = {};
  if (input.kind !== "console" && account) {
    try {
      const read = await readTags(subject, chainUser, policy, account, input);
      if (read === null) throw new ServiceError("unknown-instance", `Instance ${input.instanceId} is not a managed node in ${request.split(" in ").pop()}.`);
      tags = read;
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      const fault =
        error instanceof RoleChainError ? describeRoleChainFault(error) : describeAwsFault(error, `reading the tags of instance ${input.instanceId}`);
      throw new ServiceError(fault.kind === "throttled" ? "aws-throttled" : "aws-error", fault.message, { retryable: fault.retryable });
    }
  }
  let decision = decide(subject, accessRequest(input, tags), { policy, account });
  const reasonNeeded = !decision.allowed && decision.code === "reason-required";
  // A missing reason is the only thing between the person and the request: explain the rest as if they gave one.
  if (reasonNeeded) decision = decide(subject, accessRequest(input, tags, "explain"), { policy, account });
  const held = profilesFor(subject, policy).map((profile) => ({ id: profile.id, name: profile.name }));
  const gatehouse: Explanation["gatehouse"] = decision.allowed
    ? {
        allowed: true,
        reason: `${decision.reason}${reasonNeeded ? " It asks for a reason first." : ""}`,
        profileId: decision.profile.id,
        roleName: decision.roleName ?? null,
        profiles: held,
      }
    : { allowed: false, reason: decision.reason, profileId: null, roleName: null, profiles: held };
  const aws = decision.allowed && decision.roleName ? await awsSide(chainUser, { profile: decision.profile, roleName: decision.roleName }, input, tags) : null;
  return { person: subject.email, request, gatehouse, aws, summary: summarize(gatehouse, aws) };
}
