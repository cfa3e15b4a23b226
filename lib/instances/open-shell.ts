import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit, type AuditRecord } from "@/lib/audit/record";
import { startSession, type StreamCredentials } from "@/lib/aws/ssm-sessions";
import { checkInstanceAccess, type ShellTarget } from "./instance-access";
import { startRecordedSession } from "./recorded-session";

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
  return startRecordedSession({
    actor,
    base,
    access,
    target: input,
    start: (credentials) => startSession({ region: input.region, credentials, instanceId: input.instanceId, reason: input.reason ?? undefined }),
    issuedDetail: "StartSession answered; stream URL and token handed to the browser",
  });
}
