import "server-only";
import { decide, type Allowed, type DenyCode } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { buildLoginUrl, describeFederationFault, FederationError, getSigninToken } from "@/lib/aws/console-signin";
import { describeRoleChainFault } from "@/lib/aws/role-chain-error";
import { assumeTargetRole, forgetTargetRole, predictTargetSession } from "@/lib/aws/role-chain";
import { getConfig } from "@/lib/config";
import { ApiError } from "@/lib/http/api-response";
import { lookUpAccount } from "./account-lookup";
import { writeConsoleAudit, type ConsoleAuditFields } from "./console-audit";
import { buildConsoleUrl, type ConsoleDestination } from "./destinations";
import { resolveInstanceTags } from "./instance-tags";
import { parseOpenConsoleInput, type OpenConsoleInput } from "./open-console-input";
import { recordRecentRole } from "./role-lists";

// "Open console": check access, audit, and only then assume the role and get a sign-in token. Every refusal is
// audited with its reason and answered with a 4xx naming it; every AWS failure becomes a message that says what to
// fix, and the audit record says "error". The login URL is returned to the caller and never logged.

export interface ConsoleUser {
  sub: string;
  email: string;
  groups: string[];
  /** The Google ID token from the session (BROKER_MODE=web-identity only). */
  idToken?: string | null;
}

export interface ConsoleRequestMeta {
  sourceIp: string | null;
  userAgent: string | null;
}

/** Runs work after the answer is sent (Next's `after` in routes); without it, openConsole awaits the work itself. */
export type Defer = (task: () => Promise<void>) => void;

export interface OpenedConsole {
  url: string;
  expiresAt: Date;
  roleArn: string;
  sessionName: string;
  chained: boolean;
  /** The console page the login lands on. */
  destination: string;
  auditId: string;
}

const DENY_STATUS: Record<DenyCode, number> = {
  "invalid-input": 400,
  "unknown-account": 404,
  "no-profile": 403,
  "account-inactive": 403,
  "not-granted": 403,
  "reason-required": 403,
};

export async function openConsole({ user, input, meta, defer }: { user: ConsoleUser | null; input: unknown; meta: ConsoleRequestMeta; defer?: Defer }): Promise<OpenedConsole> {
  if (!user) throw new ApiError(401, "unauthenticated", "Sign in to Gatehouse first.");
  const config = getConfig();
  const base: ConsoleAuditFields = { actor: { sub: user.sub, email: user.email }, sourceIp: meta.sourceIp, userAgent: meta.userAgent };
  const parsed = parseOpenConsoleInput(input, config.AWS_REGIONS);
  if (!parsed.ok) return refuse(base, parsed.known, "invalid-input", parsed.message);
  const request = parsed.input;
  const destination = buildConsoleUrl(config.AWS_PARTITION, request.destination);
  const fields: ConsoleAuditFields = {
    ...base,
    accountId: request.accountId,
    roleName: request.roleName,
    region: request.destination?.region ?? null,
    instanceId: request.destination && "instanceId" in request.destination ? request.destination.instanceId : null,
    destination,
    reason: request.reason ?? null,
  };

  const [policy, account] = await Promise.all([getAccessPolicy(), lookUpAccount(request.accountId)]);
  const subject = { sub: user.sub, email: user.email, groups: user.groups };
  const decision = decide(subject, { action: "console:open", accountId: request.accountId, roleName: request.roleName, reason: request.reason }, { policy, account });
  if (!decision.allowed) return refuse(fields, request, decision.code, decision.reason);
  if (request.destination && "instanceId" in request.destination) {
    await checkInstanceDestination(user, request, request.destination, decision, fields, { policy, account });
  }

  const issued = { ...fields, profileId: decision.profile.id, detail: decision.reason };
  const auditId = await writeConsoleAudit("issued", issued);
  const chainInput = { user: { sub: user.sub, email: user.email, idToken: user.idToken ?? null }, profile: decision.profile, accountId: request.accountId, roleName: request.roleName };
  let opened: OpenedConsole;
  try {
    const session = await assumeTargetRole(chainInput);
    const sessionSeconds = predictTargetSession(decision.profile, request.accountId, request.roleName).seconds;
    const token = await getSigninToken({ credentials: session.credentials, chained: session.chained, sessionSeconds });
    opened = {
      url: buildLoginUrl(token, destination),
      expiresAt: session.chained ? session.expiresAt : new Date(Date.now() + sessionSeconds * 1000),
      roleArn: session.roleArn,
      sessionName: session.sessionName,
      chained: session.chained,
      destination,
      auditId,
    };
  } catch (error) {
    const federation = error instanceof FederationError;
    const fault = federation ? describeFederationFault(error) : describeRoleChainFault(error);
    // The endpoint refused the cached credentials (expired early, or the sandbox restarted): a retry starts afresh.
    if (federation && fault.kind === "expired-credentials") forgetTargetRole(chainInput);
    // The log is append-only: the "issued" record stays, and this one says the attempt failed and why.
    await writeConsoleAudit("error", { ...issued, detail: [decision.reason, `Failed: ${fault.message}`].filter(Boolean).join(" ") });
    throw new ApiError(fault.status, fault.kind, fault.message, { retryable: fault.retryable });
  }
  // Bookkeeping for the "recently used" list; the person need not wait for it.
  const remember = () =>
    recordRecentRole(user.sub, request.accountId, request.roleName).catch((error: unknown) => {
      console.error("[console] recording the recent role failed:", error instanceof Error ? error.message : error);
    });
  if (defer) defer(remember);
  else await remember();
  return opened;
}

async function refuse(fields: ConsoleAuditFields, known: Partial<OpenConsoleInput>, code: DenyCode | "destination-unavailable", reason: string): Promise<never> {
  await writeConsoleAudit("denied", { ...fields, accountId: known.accountId ?? fields.accountId ?? null, roleName: known.roleName ?? fields.roleName ?? null, detail: reason });
  const status = code === "destination-unavailable" ? 400 : DENY_STATUS[code];
  throw new ApiError(status, code, reason, { retryable: false });
}

/** A Session Manager destination is also a shell: the shell rules must allow the instance, by its tags from AWS. */
async function checkInstanceDestination(
  user: ConsoleUser,
  request: OpenConsoleInput,
  target: Extract<ConsoleDestination, { instanceId: string }>,
  consoleDecision: Allowed,
  fields: ConsoleAuditFields,
  context: Parameters<typeof decide>[2],
): Promise<void> {
  let tags: Awaited<ReturnType<typeof resolveInstanceTags>>;
  try {
    tags = await resolveInstanceTags({ user, accountId: request.accountId, region: target.region, instanceId: target.instanceId });
  } catch (error) {
    // Reading the tags from AWS failed: nothing was issued, but the attempt is still on record.
    await writeConsoleAudit("error", { ...fields, detail: error instanceof Error ? error.message : "reading the instance's tags failed" });
    throw error;
  }
  if (tags === undefined) {
    await refuse(fields, request, "destination-unavailable", "Session Manager destinations are not available yet: Gatehouse cannot read instance tags to check the shell rules.");
  }
  if (tags === null) await refuse(fields, request, "unknown-account", `Instance ${target.instanceId} was not found in account ${request.accountId}, ${target.region}.`);
  const subject = { sub: user.sub, email: user.email, groups: user.groups };
  const shell = decide(subject, { action: "shell:open", accountId: request.accountId, region: target.region, instanceId: target.instanceId, tags: tags ?? {}, reason: request.reason }, context);
  if (!shell.allowed) await refuse(fields, request, shell.code, shell.reason);
  if (shell.allowed && shell.roleName !== consoleDecision.roleName) {
    await refuse(fields, request, "not-granted", `Shells on ${target.instanceId} are opened as role ${shell.roleName}, not ${consoleDecision.roleName}; open the console as ${shell.roleName} for it.`);
  }
}
