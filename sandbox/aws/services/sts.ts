import { deniedMessage } from "../iam/authorizer";
import { AwsError } from "../protocol/errors";
import { el, node, type QueryParams } from "../protocol/query-protocol";
import type { Caller, IssuedCredentials, RoleSessionCaller } from "../state/credentials";
import type { IamRole } from "../state/world";
import type { ApiContext, Sandbox } from "./context";
import { packedPolicySize, parseAssumeRole, parseDuration, parseRoleArn, parseSessionName, validationError } from "./sts-params";

// STS (AWS Query, Version 2011-06-15). AssumeRole is allowed only when the role's trust policy, the caller's
// identity policies (cross-account) and the caller account's SCPs all allow it, as AWS evaluates it.

const CHAINING_LIMIT = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";
const MAX_SESSION_LIMIT = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";

export const UNSIGNED_STS_ACTIONS = new Set(["AssumeRoleWithWebIdentity"]);

function credentialsXml(c: IssuedCredentials): string {
  return node(
    "Credentials",
    el("AccessKeyId", c.AccessKeyId),
    el("SecretAccessKey", c.SecretAccessKey),
    el("SessionToken", c.SessionToken),
    el("Expiration", c.Expiration),
  );
}

function assumedRoleUserXml(session: RoleSessionCaller): string {
  return node("AssumedRoleUser", el("AssumedRoleId", session.userId), el("Arn", session.arn));
}

function lowerKeys(tags: Record<string, string>): Set<string> {
  return new Set(Object.keys(tags).map((k) => k.toLowerCase()));
}

async function requireTrust(
  ctx: ApiContext,
  role: IamRole | undefined,
  roleArn: string,
  action: string,
  context: Record<string, string | string[]>,
): Promise<void> {
  const denied = () => new AwsError("AccessDenied", deniedMessage(ctx.caller, action, roleArn, undefined), 403);
  if (!role) throw denied();
  const decision = await ctx.authorizer.authorize({
    caller: ctx.caller,
    action,
    resource: role.arn,
    resourceAccountId: role.accountId,
    region: ctx.region,
    context,
    resourcePolicy: { key: role.arn, document: ctx.webIdentity.normalizedTrust(role.arn, role.trustPolicy) },
  });
  if (!decision.allowed) throw denied();
}

async function assumeRole(ctx: ApiContext, params: QueryParams): Promise<string> {
  const input = parseAssumeRole(params);
  const caller: Caller = ctx.caller;
  const role = ctx.world.roleByArn(input.roleArn);

  const inherited: Record<string, string> = {};
  if (caller.kind === "role-session") {
    for (const key of caller.transitiveTagKeys) if (caller.sessionTags[key] !== undefined) inherited[key] = caller.sessionTags[key]!;
  }
  const inheritedKeys = lowerKeys(inherited);
  for (const tag of input.tags) {
    if (inheritedKeys.has(tag.Key.toLowerCase())) throw validationError(`Session tag '${tag.Key}' conflicts with a transitive tag of the calling session.`);
  }
  const callerSource = caller.kind === "role-session" ? caller.sourceIdentity : undefined;
  if (callerSource && input.sourceIdentity && input.sourceIdentity !== callerSource) {
    throw validationError(`SourceIdentity cannot be changed: the calling session already has SourceIdentity '${callerSource}'.`);
  }
  const sourceIdentity = callerSource ?? input.sourceIdentity;

  const requestTags = Object.fromEntries(input.tags.map((t) => [t.Key, t.Value]));
  const context: Record<string, string | string[]> = { "sts:RoleSessionName": input.roleSessionName };
  if (input.externalId) context["sts:ExternalId"] = input.externalId;
  if (sourceIdentity) context["sts:SourceIdentity"] = sourceIdentity;
  if (input.tags.length > 0) {
    for (const [k, v] of Object.entries(requestTags)) context[`aws:RequestTag/${k}`] = v;
    context["aws:TagKeys"] = Object.keys(requestTags);
  }
  if (input.transitiveTagKeys.length > 0) context["sts:TransitiveTagKeys"] = input.transitiveTagKeys;

  await requireTrust(ctx, role, input.roleArn, "sts:AssumeRole", context);
  if (input.tags.length > 0 || Object.keys(inherited).length > 0) await requireTrust(ctx, role, input.roleArn, "sts:TagSession", context);
  if (sourceIdentity) await requireTrust(ctx, role, input.roleArn, "sts:SetSourceIdentity", context);

  const chained = caller.kind === "role-session";
  const duration = input.durationSeconds ?? 3600;
  if (chained && duration > 3600) throw validationError(CHAINING_LIMIT);
  if (duration > role!.maxSessionDuration) throw validationError(MAX_SESSION_LIMIT);

  const sessionTags = { ...inherited, ...requestTags };
  const transitiveTagKeys = [...Object.keys(inherited), ...input.transitiveTagKeys];
  const { credentials, caller: session } = ctx.credentials.issue(
    { role: role!, sessionName: input.roleSessionName, sessionTags, transitiveTagKeys, chained, ...(sourceIdentity ? { sourceIdentity } : {}) },
    duration,
  );
  const packed = input.tags.length > 0 ? packedPolicySize(sessionTags, transitiveTagKeys) : undefined;
  if (packed !== undefined && packed > 100)
    throw new AwsError("PackedPolicyTooLarge", `Packed size of session tags exceeds the limit (${packed}% of allowed).`, 400);
  return credentialsXml(credentials) + assumedRoleUserXml(session) + el("PackedPolicySize", packed) + el("SourceIdentity", sourceIdentity);
}

async function getCallerIdentity(ctx: ApiContext): Promise<string> {
  return el("Arn", ctx.caller.arn) + el("UserId", ctx.caller.userId) + el("Account", ctx.caller.accountId);
}

export const stsHandlers: Record<string, (ctx: ApiContext, params: QueryParams) => Promise<string>> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: getCallerIdentity,
};

/** AssumeRoleWithWebIdentity is unsigned: the ID token is the credential. Only the trust policy decides. */
export async function assumeRoleWithWebIdentity(sandbox: Sandbox, params: QueryParams): Promise<string> {
  if (params.has("Policy") || [...params.keys()].some((k) => k.startsWith("PolicyArns."))) {
    throw validationError("The Gatehouse sandbox does not implement session policies (Policy, PolicyArns).");
  }
  const roleArn = parseRoleArn(params);
  const sessionName = parseSessionName(params);
  const durationSeconds = parseDuration(params) ?? 3600;
  const token = params.get("WebIdentityToken");
  if (!token) throw validationError("1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
  if (token.length < 4 || token.length > 20000) throw validationError("WebIdentityToken must be 4 to 20000 characters long.");

  const claims = await sandbox.webIdentity.verify(token, sandbox.clock.now());
  const role = sandbox.world.roleByArn(roleArn);
  const denied = new AwsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403);
  if (!role) throw denied;
  const audience = claims.azp ?? claims.aud;
  const context = {
    "accounts.google.com:aud": audience,
    "accounts.google.com:oaud": claims.aud,
    "accounts.google.com:sub": claims.sub,
    "sts:RoleSessionName": sessionName,
  };
  const trust = sandbox.webIdentity.normalizedTrust(role.arn, role.trustPolicy);
  if (!(await sandbox.authorizer.trustsWebIdentity(trust, role.arn, context))) throw denied;
  if (durationSeconds > role.maxSessionDuration) throw validationError(MAX_SESSION_LIMIT);

  const provider = sandbox.webIdentity.issuerHost;
  const { credentials, caller: session } = sandbox.credentials.issue(
    { role, sessionName, sessionTags: {}, transitiveTagKeys: [], chained: false, webIdentity: { provider, subject: claims.sub, audience } },
    durationSeconds,
  );
  return (
    el("SubjectFromWebIdentityToken", claims.sub) +
    el("Audience", audience) +
    assumedRoleUserXml(session) +
    credentialsXml(credentials) +
    el("Provider", provider)
  );
}
