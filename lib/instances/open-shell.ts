import "server-only";
import { startShellSession, type StreamCredentials } from "@/lib/aws/ssm-sessions";
import { writeAuditEvent, type AuditEventInput } from "@/lib/audit/write-audit-event";
import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/http/api-response";
import type { RequestMeta } from "@/lib/http/request-meta";
import type { ActingUser } from "./acting-user";
import { assumeGrantRole } from "./grant-credentials";
import { checkInstanceAccess, parseShellTarget } from "./instance-access";
import { describeSessionFault } from "./session-faults";

// "Open shell": check access from AWS's view of the instance, write the audit record, and only then StartSession
// as the user's own target role. The answer (StreamUrl and a single-use TokenValue valid for a minute or so) is
// the only credential that reaches the browser.

export interface OpenShellInput {
  user: ActingUser;
  /** The request body, unparsed: every field is checked here. */
  body: unknown;
  meta: RequestMeta;
}

const shown = (value: unknown) => (typeof value === "string" ? value : value === undefined || value === null ? null : JSON.stringify(value));

export async function openShell({ user, body, meta }: OpenShellInput): Promise<StreamCredentials> {
  const raw = (body ?? {}) as Record<string, unknown>;
  const audit = (event: Pick<AuditEventInput, "outcome"> & Partial<AuditEventInput>) =>
    writeAuditEvent({
      action: "shell.open",
      actor: { sub: user.sub, email: user.email },
      accountId: shown(raw.accountId),
      region: shown(raw.region),
      instanceId: shown(raw.instanceId),
      reason: shown(raw.reason),
      sourceIp: meta.sourceIp,
      userAgent: meta.userAgent,
      ...event,
    });

  const parsed = parseShellTarget(body);
  if (!parsed.ok) {
    await audit({ outcome: "denied", detail: `invalid-input: ${parsed.message}` });
    throw new ApiError(400, "invalid-input", parsed.message);
  }
  const target = parsed.target;
  const access = await checkInstanceAccess(user, target);
  if (!access.ok) {
    await audit({ outcome: access.outcome, detail: `${access.code}: ${access.message}`, profileId: access.profileId ?? null });
    throw new ApiError(access.status, access.code, access.message);
  }
  const { decision, account } = access;
  const roleName = decision.roleName as string;
  const decided = { profileId: decision.profile.id, roleName };
  // Written before StartSession: if the audit log cannot be written, no session is started.
  await audit({ outcome: "allowed", ...decided, detail: decision.reason });

  let stream: StreamCredentials;
  try {
    const credentials = await assumeGrantRole(user, access.policy, account.id, decided);
    stream = await startShellSession({ region: target.region, credentials, instanceId: target.instanceId, reason: target.reason });
  } catch (error) {
    const fault = describeSessionFault(error, `starting a session on ${target.instanceId} as role ${roleName} in account ${account.id}`);
    await audit({ outcome: "error", ...decided, detail: `${fault.code}: ${fault.message}` });
    throw new ApiError(fault.status, fault.code, fault.message, { retryable: fault.retryable });
  }

  await getDb().shellSession.create({
    data: {
      sessionId: stream.sessionId,
      userSub: user.sub,
      userEmail: user.email,
      profileId: decided.profileId,
      accountId: account.id,
      region: target.region,
      instanceId: target.instanceId,
      roleName,
      reason: target.reason?.trim() || null,
      status: "Connecting",
    },
  });
  await audit({ outcome: "issued", ...decided, sessionId: stream.sessionId, detail: "StartSession answered; stream URL and token handed to the browser" });
  return stream;
}
