import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit, recordAuditWith, type AuditRecord } from "@/lib/audit/record";
import type { Credentials } from "@/lib/aws/clients";
import { terminateShellSession, type StreamCredentials } from "@/lib/aws/ssm-sessions";
import { ServiceError } from "@/lib/errors";
import { errorField, logger } from "@/lib/log/logger";
import { assumeGrantRole } from "./grant-credentials";
import type { InstanceAccess } from "./instance-access";
import { describeSessionFault } from "./session-faults";

// The part every Session Manager session Gatehouse starts shares, shells and port forwarding alike, once access is
// decided: audit `allowed`, and only then StartSession as the person's own target role; the session's row and its
// `issued` record are written in one transaction before the answer (StreamUrl and a single-use TokenValue valid for a
// minute or so) leaves the server. If that write fails, the session is terminated and nothing is handed out.

export interface RecordedSessionInput {
  actor: Actor;
  /** The audit record's fields, without the outcome (the caller wrote the refusals). */
  base: Omit<AuditRecord, "outcome">;
  access: Extract<InstanceAccess, { ok: true }>;
  target: { accountId: string; region: string; instanceId: string; reason?: string | null };
  /** StartSession with the role's credentials. */
  start: (credentials: Credentials) => Promise<StreamCredentials>;
  /** The issued record's detail: what was handed to whom. */
  issuedDetail: string;
  /** Port forwarding: the session's document and destination, kept on its row. */
  forward?: { document: string; remoteHost: string | null; remotePort: number };
}

export async function startRecordedSession(input: RecordedSessionInput): Promise<StreamCredentials> {
  const { actor, access, target } = input;
  const { decision, account } = access;
  const roleName = decision.roleName as string;
  const decided = { ...input.base, profileId: decision.profile.id, roleName };
  // Written before StartSession: if the audit log cannot be written, no session is started.
  await recordAudit({ ...decided, outcome: "allowed", detail: decision.reason });

  let credentials: Credentials;
  let stream: StreamCredentials;
  try {
    credentials = await assumeGrantRole(actor, access.policy, account.id, decided);
    stream = await input.start(credentials);
  } catch (error) {
    const fault = describeSessionFault(error, `starting a session on ${target.instanceId} as role ${roleName} in account ${account.id}`);
    await recordAudit({ ...decided, outcome: "error", detail: `${fault.code}: ${fault.message}` });
    throw fault;
  }

  try {
    await recordAuditWith({ ...decided, outcome: "issued", sessionId: stream.sessionId, detail: input.issuedDetail }, (tx) =>
      tx.shellSession.create({
        data: {
          sessionId: stream.sessionId,
          userSub: actor.sub,
          userEmail: actor.email,
          profileId: decided.profileId,
          accountId: account.id,
          region: target.region,
          instanceId: target.instanceId,
          roleName,
          reason: target.reason?.trim() || null,
          status: "Connecting",
          ...(input.forward ?? {}),
        },
      }),
    );
  } catch (error) {
    // Not on record, so not handed out: end the session AWS just started (best effort; it is unusable without the token).
    await terminateShellSession({ region: target.region, credentials, sessionId: stream.sessionId }).catch((terminateError: unknown) => {
      logger("session").error({ err: errorField(terminateError), sessionId: stream.sessionId }, "could not terminate an unrecorded session");
    });
    throw error instanceof ServiceError
      ? error
      : new ServiceError("audit-unavailable", "Gatehouse could not record the session, so it was ended. Try again in a moment.", { retryable: true });
  }
  return stream;
}
