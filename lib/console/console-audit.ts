import "server-only";
import { writeAuditEvent, type AuditOutcome } from "@/lib/audit/write-audit-event";

// Audit records of console sign-ins. The "issued" record is written (and awaited) before any AWS call, so a console
// is never opened without one; if AWS then fails, a second record with outcome "error" says why (the log is
// append-only). Login URLs and sign-in tokens are never part of a record: only the console destination.

export const CONSOLE_AUDIT_ACTION = "console.open";

export interface ConsoleAuditFields {
  actor: { sub: string; email: string };
  profileId?: string | null;
  accountId?: string | null;
  roleName?: string | null;
  region?: string | null;
  instanceId?: string | null;
  destination?: string | null;
  /** The user's own reason, when they gave one. */
  reason?: string | null;
  /** The decision's explanation (why it was allowed or refused). */
  detail?: string | null;
  sourceIp?: string | null;
  userAgent?: string | null;
}

export function writeConsoleAudit(outcome: AuditOutcome, fields: ConsoleAuditFields): Promise<string> {
  return writeAuditEvent({ action: CONSOLE_AUDIT_ACTION, outcome, ...fields });
}
