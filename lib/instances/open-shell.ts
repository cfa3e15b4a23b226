import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit, recordAuditWith, type AuditRecord } from "@/lib/audit/record";
import { startShellSession, terminateShellSession, type StreamCredentials } from "@/lib/aws/ssm-sessions";
import { ServiceError } from "@/lib/errors";
import { assumeGrantRole } from "./grant-credentials";
import { checkInstanceAccess, type ShellTarget } from "./instance-access";
import { describeSessionFault } from "./session-faults";

// "Open shell": check access from AWS's view of the instance, audit `allowed`, and only then StartSession as the
// person's own target role. The session's row and its `issued` record are written in one transaction before the
// answer (StreamUrl and a single-use TokenValue valid for a minute or so, the only credential that reaches the
// browser) leaves the server; if that write fails, the session is terminated and nothing is handed out.

export async function openShell({ actor, input }: { actor: Actor; input: ShellTarget }): Promise<StreamCredentials> {
  const base: Omit<AuditRecord, "outcome"> = {
    action: "shell.open",
    actor,
    accountId: input.accountId,
    region: input.region,
    instanceId: input.instanceId,
    reason: input.reason ?? null,
  };
  const access = await checkInstanceAccess(actor, input);
  if (!access.ok) {
    await recordAudit({ ...base, outcome: access.outcome, profileId: access.profileId ?? null, detail: `${access.error.code}: ${access.error.message}` });
    throw access.error;
  }
  const { decision, account } = access;
  const roleName = decision.roleName as string;
  const decided = { ...base, profileId: decision.profile.id, roleName };
  // Written before StartSession: if the audit log cannot be written, no session is started.
  await recordAudit({ ...decided, outcome: "allowed", detail: decision.reason });

  let credentials: Awaited<ReturnType<typeof assumeGrantRole>>;
  let stream: StreamCredentials;
  try {
    credentials = await assumeGrantRole(actor, access.policy, account.id, decided);
    stream = await startShellSession({ region: input.region, credentials, instanceId: input.instanceId, reason: input.reason ?? undefined });
  } catch (error) {
    const fault = describeSessionFault(error, `starting a session on ${input.instanceId} as role ${roleName} in account ${account.id}`);
    await recordAudit({ ...decided, outcome: "error", detail: `${fault.code}: ${fault.message}` });
    throw fault;
  }

  try {
    await recordAuditWith({ ...decided, outcome: "issued", sessionId: stream.sessionId, detail: "StartSession answered; stream URL and token handed to the browser" }, (tx) =>
      tx.shellSession.create({
        data: {
          sessionId: stream.sessionId,
          userSub: actor.sub,
          userEmail: actor.email,
          profileId: decided.profileId,
          accountId: account.id,
          region: input.region,
          instanceId: input.instanceId,
          roleName,
          reason: input.reason?.trim() || null,
          status: "Connecting",
        },
      }),
    );
  } catch (error) {
    // Not on record, so not handed out: end the session AWS just started (best effort; it is unusable without the token).
    await terminateShellSession({ region: input.region, credentials, sessionId: stream.sessionId }).catch((terminateError: unknown) => {
      console.error(`[shell] could not terminate unrecorded session ${stream.sessionId}:`, terminateError instanceof Error ? terminateError.message : terminateError);
    });
    throw error instanceof ServiceError ? error : new ServiceError("audit-unavailable", "Gatehouse could not record the session, so it was ended. Try again in a moment.", { retryable: true });
  }
  return stream;
}
