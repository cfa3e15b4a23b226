import "server-only";
import { decide, instanceFilterFor, profilesFor } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { resumeShellSession, terminateShellSession, type StreamCredentials } from "@/lib/aws/ssm-sessions";
import { writeAuditEvent, type AuditEventInput } from "@/lib/audit/write-audit-event";
import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/http/api-response";
import type { RequestMeta } from "@/lib/http/request-meta";
import { getAccountInfo } from "@/lib/org/accounts";
import { toSubject, type ActingUser } from "./acting-user";
import { assumeGrantRole, type GrantRef } from "./grant-credentials";
import { checkInstanceAccess } from "./instance-access";
import { describeSessionFault } from "./session-faults";

// Resume (only the person who started the session, and only while they may still reach the instance) and
// Terminate (that person, or an administrator). Both are audited before AWS is called.

export interface SessionActionInput {
  user: ActingUser;
  sessionId: string;
  meta: RequestMeta;
}

// SSM session ids are "<RoleSessionName>-<hex>", at most 96 characters.
const SESSION_ID = /^[\w+=,.@-]{1,96}$/;
type ShellSessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof getDb>["shellSession"]["findUnique"]>>>;

function auditFor(action: string, input: SessionActionInput, row: ShellSessionRow | null) {
  return (event: Pick<AuditEventInput, "outcome"> & Partial<AuditEventInput>) =>
    writeAuditEvent({
      action,
      actor: { sub: input.user.sub, email: input.user.email },
      sessionId: input.sessionId,
      accountId: row?.accountId ?? null,
      region: row?.region ?? null,
      instanceId: row?.instanceId ?? null,
      roleName: row?.roleName ?? null,
      profileId: row?.profileId ?? null,
      sourceIp: input.meta.sourceIp,
      userAgent: input.meta.userAgent,
      ...event,
    });
}

async function findRow(action: string, input: SessionActionInput): Promise<ShellSessionRow> {
  const row = SESSION_ID.test(input.sessionId) ? await getDb().shellSession.findUnique({ where: { sessionId: input.sessionId } }) : null;
  if (!row) {
    const message = `Gatehouse started no session with id ${JSON.stringify(input.sessionId.slice(0, 100))}.`;
    await auditFor(action, input, null)({ outcome: "denied", detail: `unknown-session: ${message}` });
    throw new ApiError(404, "unknown-session", message);
  }
  return row;
}

const markEnded = (sessionId: string, status = "Terminated") =>
  getDb().shellSession.update({ where: { sessionId }, data: { status, endedAt: new Date() } });

export async function resumeShell(input: SessionActionInput): Promise<StreamCredentials> {
  const row = await findRow("shell.resume", input);
  const audit = auditFor("shell.resume", input, row);
  if (row.userSub !== input.user.sub) {
    const message = "Only the person who started a session can reconnect to it.";
    await audit({ outcome: "denied", detail: `not-owner: ${message}` });
    throw new ApiError(403, "not-owner", message);
  }
  if (row.endedAt) {
    await audit({ outcome: "denied", detail: "session-ended: the session has ended" });
    throw new ApiError(410, "session-ended", "This session has ended; it cannot be resumed. Start a new session.");
  }
  // Access is checked again from AWS's current view: someone removed from a group, or an instance re-tagged,
  // does not get back in by reconnecting.
  const access = await checkInstanceAccess(input.user, { accountId: row.accountId, region: row.region, instanceId: row.instanceId, reason: row.reason });
  if (!access.ok) {
    await audit({ outcome: access.outcome, detail: `${access.code}: ${access.message}` });
    throw new ApiError(access.status, access.code, access.message);
  }
  await audit({ outcome: "allowed", detail: access.decision.reason });
  try {
    // The role that started it: IAM lets a role session resume only its own sessions.
    const credentials = await assumeGrantRole(input.user, access.policy, row.accountId, grantOf(row, access.decision.profile.id, input.user, access.policy));
    return await resumeShellSession({ region: row.region, credentials, sessionId: row.sessionId });
  } catch (error) {
    const fault = describeSessionFault(error, `resuming session ${row.sessionId}`);
    if (fault.code === "session-ended") await markEnded(row.sessionId);
    await audit({ outcome: "error", detail: `${fault.code}: ${fault.message}` });
    throw new ApiError(fault.status, fault.code, fault.message, { retryable: fault.retryable });
  }
}

/** The row's own profile if the user still holds it, else the profile that grants access now; the row's role. */
function grantOf(row: ShellSessionRow, fallbackProfileId: string, user: ActingUser, policy: Awaited<ReturnType<typeof getAccessPolicy>>): GrantRef {
  const stillHeld = profilesFor(toSubject(user), policy).some((profile) => profile.id === row.profileId);
  return { profileId: stillHeld ? row.profileId : fallbackProfileId, roleName: row.roleName };
}

export async function terminateShell(input: SessionActionInput): Promise<{ sessionId: string; alreadyEnded: boolean }> {
  const row = await findRow("session.terminate", input);
  const audit = auditFor("session.terminate", input, row);
  const policy = await getAccessPolicy();
  const subject = toSubject(input.user);
  const owner = row.userSub === input.user.sub;
  let grant: GrantRef | undefined;
  if (owner) {
    grant = grantOf(row, row.profileId, input.user, policy);
  } else {
    const admin = decide(subject, { action: "sessions:view-all" }, { policy });
    if (!admin.allowed) {
      const message = "Only the person who started a session, or an administrator, can terminate it.";
      await audit({ outcome: "denied", detail: `not-owner: ${message}` });
      throw new ApiError(403, "not-owner", message);
    }
    // An administrator ends someone else's session with their own role in that account and region.
    const account = await getAccountInfo(row.accountId);
    grant = account ? instanceFilterFor(subject, account, row.region, policy).grants[0] : undefined;
    if (!grant) {
      const message = `You are an administrator but hold no role that reaches instances in account ${row.accountId}, ${row.region}, to terminate the session with.`;
      await audit({ outcome: "denied", detail: `no-role: ${message}` });
      throw new ApiError(403, "no-role", message);
    }
  }
  await audit({ outcome: "allowed", roleName: grant.roleName, detail: owner ? "the session's owner" : `administrator ${input.user.email}` });
  try {
    const credentials = await assumeGrantRole(input.user, policy, row.accountId, grant);
    await terminateShellSession({ region: row.region, credentials, sessionId: row.sessionId });
  } catch (error) {
    const fault = describeSessionFault(error, `terminating session ${row.sessionId}`);
    if (fault.code === "session-ended") {
      await markEnded(row.sessionId, row.status === "Connecting" || row.status === "Connected" ? "Terminated" : row.status);
      return { sessionId: row.sessionId, alreadyEnded: true };
    }
    await audit({ outcome: "error", roleName: grant.roleName, detail: `${fault.code}: ${fault.message}` });
    throw new ApiError(fault.status, fault.code, fault.message, { retryable: fault.retryable });
  }
  await markEnded(row.sessionId);
  return { sessionId: row.sessionId, alreadyEnded: false };
}
