import "server-only";
import type { Actor } from "@/lib/actor/actor";
import type { ServiceError } from "@/lib/errors";
import type { AuditAction } from "./actions";
import { recordAudit } from "./record";

/**
 * The audit record of a request refused before its service ran (the same-origin rule, the rate limit, unreadable
 * input). What the request named is kept, made storable and clipped, so the record says what was tried.
 */
export function recordRefusal(action: AuditAction, actor: Actor, error: ServiceError, given: Record<string, unknown>): Promise<string> {
  return recordAudit({
    action,
    outcome: "denied",
    actor,
    // The command line names them `account` (an id or a name) and `role`.
    accountId: given.accountId ?? given.account,
    roleName: given.roleName ?? given.role,
    region: given.region,
    instanceId: given.instanceId,
    sessionId: given.sessionId,
    reason: given.reason,
    ...(action === "forward.open" ? { destination: forwardDestination(given) } : {}),
    detail: `${error.code}: ${error.message}`,
  });
}

/** What a refused forward named: "<document> <host>:<port>", each part as sent (made storable by recordAudit). */
function forwardDestination(given: Record<string, unknown>): string {
  const shown = (value: unknown) =>
    typeof value === "string" || typeof value === "number"
      ? String(value).slice(0, 300)
      : value === undefined
        ? ""
        : `(${Array.isArray(value) ? "array" : typeof value})`;
  const parameters = given.parameters !== null && typeof given.parameters === "object" ? (given.parameters as Record<string, unknown>) : {};
  const host = parameters.host === undefined ? "localhost" : shown(parameters.host);
  return `${shown(given.document) || "(no document)"} ${host}:${shown(parameters.portNumber)}`;
}
