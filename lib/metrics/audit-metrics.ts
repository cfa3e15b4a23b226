import type { AuditAction, AuditOutcome } from "@/lib/audit/actions";
import { metrics } from "./registry";

// The counters that follow the audit log: each is increased once a record is written, so the metrics count exactly
// what is on record (a console URL is counted as opened when its `issued` record exists, as it is handed out).

export interface CountedRecord {
  action: AuditAction;
  outcome: AuditOutcome;
  actor: { via?: string } | null;
}

export function countAuditRecord({ action, outcome, actor }: CountedRecord): void {
  const m = metrics();
  m.auditRecords.inc({ action, outcome });
  if (action === "console.open") m.consoleOpens.inc({ outcome });
  else if (action === "shell.open") m.shellStarts.inc({ outcome });
  else if (action === "forward.open") m.forwardStarts.inc({ outcome });
  else if (action === "credentials.issue") m.credentialRequests.inc({ via: actor?.via ?? "unknown", outcome });
}

/** One audit write (or its transaction) and how it ended. */
export function observeAuditWrite(seconds: number, ok: boolean): void {
  const m = metrics();
  m.auditWriteDuration.observe({ result: ok ? "ok" : "failed" }, seconds);
  if (!ok) m.auditWriteFailures.inc();
}
