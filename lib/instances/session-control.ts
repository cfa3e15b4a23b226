import "server-only";
import { decide, FORWARD_DOCUMENTS, instanceFilterFor, profilesFor, type ForwardDocument } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import type { AuditAction, AuditOutcome } from "@/lib/audit/actions";
import { recordAudit, type AuditRecord } from "@/lib/audit/record";
import { resumeShellSession, terminateShellSession, type StreamCredentials } from "@/lib/aws/ssm-sessions";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import { getAccountInfo } from "@/lib/org/accounts";
import { assumeGrantRole, type GrantRef } from "./grant-credentials";
import { checkInstanceAccess, type ForwardSpec } from "./instance-access";
import { describeSessionFault } from "./session-faults";

// Resume (only the person who started the session, and only while they may still reach the instance) and
// Terminate (that person, or an administrator). Both are audited before AWS is called; a resumed stream token is
// audited `issued` before it is handed out.

export interface SessionActionInput {
  actor: Actor;
  input: { sessionId: string };
}

/** SSM session ids are "<RoleSessionName>-<hex>", at most 96 characters. */
export const SESSION_ID = /^[\w+=,.@-]{1,96}$/;
type ShellSessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof getDb>["shellSession"]["findUnique"]>>>;

function auditFor(action: AuditAction, { actor, input }: SessionActionInput, row: ShellSessionRow | null) {
  return (event: { outcome: AuditOutcome } & Partial<Omit<AuditRecord, "action" | "actor">>) =>
    recordAudit({
      action,
      actor,
      sessionId: input.sessionId,
      accountId: row?.accountId ?? null,
      region: row?.region ?? null,
      instanceId: row?.instanceId ?? null,
      roleName: row?.roleName ?? null,
      profileId: row?.profileId ?? null,
      ...event,
    });
}

async function findRow(action: AuditAction, request: SessionActionInput): Promise<ShellSessionRow> {
  const { sessionId } = request.input;
  const row = SESSION_ID.test(sessionId) ? await getDb().shellSession.findUnique({ where: { sessionId } }) : null;
  if (!row) {
    const message = `Gatehouse started no session with id ${JSON.stringify(sessionId.slice(0, 100))}.`;
    await auditFor(action, request, null)({ outcome: "denied", detail: `unknown-session: ${message}` });
    throw new ServiceError("unknown-session", message);
  }
  return row;
}

const markEnded = (sessionId: string, status = "Terminated") => getDb().shellSession.update({ where: { sessionId }, data: { status, endedAt: new Date() } });

export async function resumeShell(input: SessionActionInput): Promise<StreamCredentials> {
  const row = await findRow("shell.resume", input);
  const audit = auditFor("shell.resume", input, row);
  if (row.userSub !== input.actor.sub) {
    const message = "Only the person who started a session can reconnect to it.";
    await audit({ outcome: "denied", detail: `not-owner: ${message}` });
    throw new ServiceError("not-owner", message);
  }
  if (row.endedAt) {
    await audit({ outcome: "denied", detail: "session-ended: the session has ended" });
    throw new ServiceError("session-ended", "This session has ended; it cannot be resumed. Start a new session.");
  }
  // Access is checked again from AWS's current view: someone removed from a group, or an instance re-tagged,
  // does not get back in by reconnecting. A port-forwarding session is checked against the forwarding rules.
  const access = await checkInstanceAccess(
    input.actor,
    { accountId: row.accountId, region: row.region, instanceId: row.instanceId, reason: row.reason },
    forwardOf(row),
  );
  if (!access.ok) {
    await audit({ outcome: access.outcome, detail: `${access.error.code}: ${access.error.message}` });
    throw access.error;
  }
  await audit({ outcome: "allowed", detail: access.decision.reason });
  let stream: StreamCredentials;
  try {
    // The role that started it: IAM lets a role session resume only its own sessions.
    const credentials = await assumeGrantRole(input.actor, access.policy, row.accountId, grantOf(row, access.decision.profile.id, input.actor, access.policy));
    stream = await resumeShellSession({ region: row.region, credentials, sessionId: row.sessionId });
  } catch (error) {
    const fault = describeSessionFault(error, `resuming session ${row.sessionId}`);
    if (fault.code === "session-ended") await markEnded(row.sessionId);
    await audit({ outcome: "error", detail: `${fault.code}: ${fault.message}` });
    throw fault;
  }
  await audit({ outcome: "issued", detail: "ResumeSession answered; a fresh stream token handed to the browser" });
  return stream;
}

/** A forwarding session's document and destination, as its row keeps them; undefined for a shell. */
function forwardOf(row: ShellSessionRow): ForwardSpec | undefined {
  if (row.document === null) return undefined;
  // A row Gatehouse wrote always has a known document and a port; anything else is checked as the strictest case.
  const document = (FORWARD_DOCUMENTS as readonly string[]).includes(row.document)
    ? (row.document as ForwardDocument)
    : "AWS-StartPortForwardingSessionToRemoteHost";
  return { document, port: row.remotePort ?? 0, ...(row.remoteHost !== null ? { host: row.remoteHost } : {}) };
}

/** The row's own profile if the user still holds it, else the profile that grants access now; the row's role. */
function grantOf(row: ShellSessionRow, fallbackProfileId: string, user: Actor, policy: Awaited<ReturnType<typeof getAccessPolicy>>): GrantRef {
  const stillHeld = profilesFor(subjectOf(user), policy).some((profile) => profile.id === row.profileId);
  return { profileId: stillHeld ? row.profileId : fallbackProfileId, roleName: row.roleName };
}

export async function terminateShell(input: SessionActionInput): Promise<{ sessionId: string; alreadyEnded: boolean }> {
  const row = await findRow("shell.terminate", input);
  const audit = auditFor("shell.terminate", input, row);
  const policy = await getAccessPolicy();
  const subject = subjectOf(input.actor);
  const owner = row.userSub === input.actor.sub;
  let grant: GrantRef | undefined;
  if (owner) {
    grant = grantOf(row, row.profileId, input.actor, policy);
  } else {
    const admin = decide(subject, { action: "sessions:view-all" }, { policy });
    if (!admin.allowed) {
      const message = "Only the person who started a session, or an administrator, can terminate it.";
      await audit({ outcome: "denied", detail: `not-owner: ${message}` });
      throw new ServiceError("not-owner", message);
    }
    // An administrator ends someone else's session with their own role in that account and region.
    const account = await getAccountInfo(row.accountId);
    grant = account ? instanceFilterFor(subject, account, row.region, policy).grants[0] : undefined;
    if (!grant) {
      const message = `You are an administrator but hold no role that reaches instances in account ${row.accountId}, ${row.region}, to terminate the session with.`;
      await audit({ outcome: "denied", detail: `not-granted: ${message}` });
      throw new ServiceError("not-granted", message);
    }
  }
  await audit({ outcome: "allowed", roleName: grant.roleName, detail: owner ? "the session's owner" : `administrator ${input.actor.email}` });
  try {
    const credentials = await assumeGrantRole(input.actor, policy, row.accountId, grant);
    await terminateShellSession({ region: row.region, credentials, sessionId: row.sessionId });
  } catch (error) {
    const fault = describeSessionFault(error, `terminating session ${row.sessionId}`);
    if (fault.code === "session-ended") {
      await markEnded(row.sessionId, row.status === "Connecting" || row.status === "Connected" ? "Terminated" : row.status);
      return { sessionId: row.sessionId, alreadyEnded: true };
    }
    await audit({ outcome: "error", roleName: grant.roleName, detail: `${fault.code}: ${fault.message}` });
    throw fault;
  }
  await markEnded(row.sessionId);
  return { sessionId: row.sessionId, alreadyEnded: false };
}
