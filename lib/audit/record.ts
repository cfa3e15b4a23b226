import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { getDb, type Db } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import { errorField, logger } from "@/lib/log/logger";
import { countAuditRecord, observeAuditWrite } from "@/lib/metrics/audit-metrics";
import type { AuditAction, AuditOutcome } from "./actions";
import { AUDIT_FIELD_MAX, storableText, storableValue } from "./storable";

// The one way an audit record is written. Services call it; route handlers never do. Every value is made storable
// first (storable.ts), so bad input cannot make the write fail; if the database fails anyway, the caller gets
// ServiceError("audit-unavailable") (503) and must hand nothing out: writes are awaited before any credential or
// session leaves the server.

/** Who did it: a whole Actor, or (at sign-in, before a session exists) what is known of the person. */
export type AuditWho = Pick<Actor, "sub" | "email"> & Partial<Pick<Actor, "via" | "sessionId" | "sourceIp" | "userAgent">>;

export interface AuditRecord {
  action: AuditAction;
  outcome: AuditOutcome;
  actor: AuditWho | null;
  /** The client, when no actor is known (an anonymous or refused sign-in). */
  sourceIp?: string | null;
  userAgent?: string | null;
  profileId?: string | null;
  accountId?: unknown;
  roleName?: unknown;
  region?: unknown;
  instanceId?: unknown;
  sessionId?: unknown;
  destination?: string | null;
  /** The person's own reason, when they gave one. */
  reason?: unknown;
  /** Why it was decided so, or what failed (`code: sentence`). */
  detail?: string | null;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Writer = Pick<Db, "auditEvent"> | Tx;

/** An audit write that takes longer than this is treated as failed (a paused database must not hang requests). */
const WRITE_TIMEOUT_MS = 5_000;

const text = (value: string | null | undefined, field: keyof typeof AUDIT_FIELD_MAX) => (value == null ? null : storableText(value, AUDIT_FIELD_MAX[field]));
const loose = (value: unknown, field: keyof typeof AUDIT_FIELD_MAX) => storableValue(value, AUDIT_FIELD_MAX[field]);

function toRow(record: AuditRecord) {
  const who = record.actor;
  return {
    action: record.action,
    outcome: record.outcome,
    actorSub: text(who?.sub, "actorSub"),
    actorEmail: text(who?.email, "actorEmail"),
    via: text(who?.via, "via"),
    authSessionId: text(who?.sessionId, "authSessionId"),
    sourceIp: text(who?.sourceIp ?? record.sourceIp, "sourceIp"),
    userAgent: text(who?.userAgent ?? record.userAgent, "userAgent"),
    profileId: text(record.profileId, "profileId"),
    accountId: loose(record.accountId, "accountId"),
    roleName: loose(record.roleName, "roleName"),
    region: loose(record.region, "region"),
    instanceId: loose(record.instanceId, "instanceId"),
    sessionId: loose(record.sessionId, "sessionId"),
    destination: text(record.destination, "destination"),
    reason: loose(record.reason, "reason"),
    detail: text(record.detail, "detail"),
  };
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${WRITE_TIMEOUT_MS} ms`)), WRITE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function unavailable(error: unknown, record: AuditRecord, started: number): ServiceError {
  observeAuditWrite((performance.now() - started) / 1000, false);
  logger("audit").error({ err: errorField(error), action: record.action, outcome: record.outcome }, "audit write failed");
  return new ServiceError("audit-unavailable", "Gatehouse could not write its audit record, so nothing was issued. Try again in a moment.", {
    retryable: true,
    cause: error,
  });
}

/** A record is on file: its write time, and the counters that follow the audit log (lib/metrics/audit-metrics.ts). */
function written(record: AuditRecord, started: number) {
  observeAuditWrite((performance.now() - started) / 1000, true);
  countAuditRecord(record);
}

async function insert(writer: Writer, record: AuditRecord): Promise<string> {
  const row = await writer.auditEvent.create({ data: toRow(record), select: { id: true } });
  return row.id;
}

/**
 * Writes one audit record and returns its id; throws ServiceError("audit-unavailable") if it cannot. An `issued`
 * record is written in a transaction with a deadline, so a write that timed out (and so handed nothing out) can
 * never land later and claim that something was issued.
 */
export async function recordAudit(record: AuditRecord): Promise<string> {
  if (record.outcome === "issued") return (await recordAuditWith(record, async () => undefined)).auditId;
  const started = performance.now();
  try {
    const auditId = await withTimeout(insert(getDb(), record));
    written(record, started);
    return auditId;
  } catch (error) {
    throw unavailable(error, record, started);
  }
}

/**
 * Writes an audit record and the domain rows it belongs to (for example a shell session) in one transaction:
 * both are stored or neither is.
 */
export async function recordAuditWith<T>(record: AuditRecord, write: (tx: Tx) => Promise<T>): Promise<{ auditId: string; result: T }> {
  const started = performance.now();
  try {
    const stored = await withTimeout(
      getDb().$transaction(
        async (tx) => {
          const result = await write(tx);
          const auditId = await insert(tx, record);
          return { auditId, result };
        },
        // Past its deadline Prisma rolls the transaction back, so a late COMMIT cannot record what was not handed out.
        { maxWait: 2_000, timeout: 3_000 },
      ),
    );
    written(record, started);
    return stored;
  } catch (error) {
    // The domain write's own answer (a conflict, say): the transaction rolled back, so neither row is stored.
    if (error instanceof ServiceError) throw error;
    throw unavailable(error, record, started);
  }
}
