import "server-only";
import { decide, type Allowed } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { chainUserOf, subjectOf, type Actor } from "@/lib/actor/actor";
import { recordAudit, type AuditRecord } from "@/lib/audit/record";
import { buildLoginUrl, describeFederationFault, FederationError, getSigninToken } from "@/lib/aws/console-signin";
import { awsServiceError } from "@/lib/aws/errors";
import { describeRoleChainFault } from "@/lib/aws/role-chain-error";
import { assumeTargetRole, forgetTargetRole, predictTargetSession } from "@/lib/aws/role-chain";
import { getConfig } from "@/lib/config";
import { ServiceError, type ErrorCode } from "@/lib/errors";
import { readInstanceTags } from "@/lib/instances/read-instance-tags";
import { lookUpAccount } from "./account-lookup";
import { buildConsoleUrl, type ConsoleDestination } from "./destinations";
import type { OpenConsoleInput } from "./open-console-input";
import { recordRecentRole } from "./role-lists";
import { errorField, logger } from "@/lib/log/logger";

// "Open console": check access, audit, and only then assume the role and get a sign-in token. The records, in
// order: `denied` (refused; nothing asked of AWS), or `allowed` (before any AWS call) then `issued` (the login URL
// exists; written before it is returned) or `error` (AWS failed; nothing handed out). The login URL is returned to
// the caller and never logged.

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

type Fields = Omit<AuditRecord, "outcome" | "action">;

/** How much shorter than promised a console session may be when cached credentials are reused (two minutes). */
export const CONSOLE_LENGTH_SLACK_SECONDS = 120;

const audit = (outcome: AuditRecord["outcome"], fields: Fields) => recordAudit({ action: "console.open", outcome, ...fields });

async function refuse(fields: Fields, code: ErrorCode, reason: string): Promise<never> {
  await audit("denied", { ...fields, detail: `${code}: ${reason}` });
  throw new ServiceError(code, reason);
}

export async function openConsole({ actor, input, defer }: { actor: Actor; input: OpenConsoleInput; defer?: Defer }): Promise<OpenedConsole> {
  const config = getConfig();
  const destination = buildConsoleUrl(config.AWS_PARTITION, input.destination);
  const fields: Fields = {
    actor,
    accountId: input.accountId,
    roleName: input.roleName,
    region: input.destination?.region ?? null,
    instanceId: input.destination && "instanceId" in input.destination ? input.destination.instanceId : null,
    destination,
    reason: input.reason ?? null,
  };
  const region = input.destination?.region;
  if (region && !config.AWS_REGIONS.includes(region)) {
    await refuse(fields, "invalid-input", `Invalid destination: region ${region} is not one Gatehouse offers (${config.AWS_REGIONS.join(", ")}).`);
  }

  const [policy, account] = await Promise.all([getAccessPolicy(), lookUpAccount(input.accountId)]);
  const decision = decide(
    subjectOf(actor),
    { action: "console:open", accountId: input.accountId, roleName: input.roleName, reason: input.reason },
    { policy, account },
  );
  if (!decision.allowed) return refuse(fields, decision.code, decision.reason);
  if (input.destination && "instanceId" in input.destination) {
    await checkInstanceDestination(actor, input, input.destination, decision, fields, { policy, account });
  }

  const decided = { ...fields, profileId: decision.profile.id };
  await audit("allowed", { ...decided, detail: decision.reason });
  const chainInput = { user: chainUserOf(actor), profile: decision.profile, accountId: input.accountId, roleName: input.roleName };
  let opened: Omit<OpenedConsole, "auditId">;
  try {
    // The console session ends when the credentials it is made from expire (chained: it lasts exactly as long;
    // otherwise SessionDuration cannot outlast them), so cached ones that would cut the promised length short are
    // replaced by a fresh AssumeRole (docs/aws-facts.md#console-session-length).
    const sessionSeconds = predictTargetSession(decision.profile, input.accountId, input.roleName).seconds;
    const session = await assumeTargetRole({ ...chainInput, minRemainingSeconds: sessionSeconds - CONSOLE_LENGTH_SLACK_SECONDS });
    const token = await getSigninToken({ credentials: session.credentials, chained: session.chained, sessionSeconds });
    opened = {
      url: buildLoginUrl(token, destination),
      expiresAt: session.chained ? session.expiresAt : new Date(Math.min(Date.now() + sessionSeconds * 1000, session.expiresAt.getTime())),
      roleArn: session.roleArn,
      sessionName: session.sessionName,
      chained: session.chained,
      destination,
    };
  } catch (error) {
    const federation = error instanceof FederationError;
    const fault = federation ? describeFederationFault(error) : describeRoleChainFault(error);
    // The endpoint refused the cached credentials (expired early, or the sandbox restarted): a retry starts afresh.
    if (federation && fault.kind === "expired-credentials") forgetTargetRole(chainInput);
    const failure = awsServiceError(fault);
    await audit("error", { ...decided, detail: `${failure.code}: ${fault.message}` });
    throw failure;
  }
  // The URL exists: on record before it leaves the server (if this write fails, the URL is dropped and the answer is 503).
  const auditId = await audit("issued", {
    ...decided,
    detail: `console sign-in URL for ${opened.roleArn} as ${opened.sessionName}, session until ${opened.expiresAt.toISOString()}`,
  });
  // Bookkeeping for the "recently used" list; the person need not wait for it.
  const remember = () =>
    recordRecentRole(actor.sub, input.accountId, input.roleName).catch((error: unknown) => {
      logger("console").error({ err: errorField(error) }, "recording the recent role failed");
    });
  if (defer) defer(remember);
  else await remember();
  return { ...opened, auditId };
}

/** A Session Manager destination is also a shell: the shell rules must allow the instance, by its tags from AWS. */
async function checkInstanceDestination(
  actor: Actor,
  input: OpenConsoleInput,
  target: Extract<ConsoleDestination, { instanceId: string }>,
  consoleDecision: Allowed,
  fields: Fields,
  context: Parameters<typeof decide>[2],
): Promise<void> {
  let tags: Record<string, string> | null;
  try {
    tags = await readInstanceTags({ actor, accountId: input.accountId, region: target.region, instanceId: target.instanceId });
  } catch (error) {
    // Reading the tags from AWS failed: nothing was issued, but the attempt is still on record.
    const failure = error instanceof ServiceError ? error : new ServiceError("aws-error", "Reading the instance's tags failed.", { retryable: true });
    await audit("error", { ...fields, detail: `${failure.code}: ${failure.message}` });
    throw failure;
  }
  if (tags === null) await refuse(fields, "unknown-instance", `Instance ${target.instanceId} was not found in account ${input.accountId}, ${target.region}.`);
  const shell = decide(
    subjectOf(actor),
    { action: "shell:open", accountId: input.accountId, region: target.region, instanceId: target.instanceId, tags: tags ?? {}, reason: input.reason },
    context,
  );
  if (!shell.allowed) await refuse(fields, shell.code, shell.reason);
  if (shell.allowed && shell.roleName !== consoleDecision.roleName) {
    await refuse(
      fields,
      "not-granted",
      `Shells on ${target.instanceId} are opened as role ${shell.roleName}, not ${consoleDecision.roleName}; open the console as ${shell.roleName} for it.`,
    );
  }
}
