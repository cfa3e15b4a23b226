import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";

// Reading the audit log for the audit page: one page of events, newest first, filtered by actor, action and outcome.
// Non-administrators only ever get their own events: the actor filter is replaced by their own subject.

export const PAGE_SIZE = 50;
export const OUTCOMES = ["issued", "allowed", "denied", "error"] as const;

const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((value) => value?.trim() || undefined)
    .catch(undefined);

export const auditFilterSchema = z.object({
  actor: text(320),
  action: text(64),
  outcome: z.enum(OUTCOMES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditRow {
  id: string;
  at: Date;
  actorEmail: string | null;
  profileId: string | null;
  action: string;
  outcome: string;
  accountId: string | null;
  roleName: string | null;
  region: string | null;
  instanceId: string | null;
  sessionId: string | null;
  via: string | null;
  destination: string | null;
  reason: string | null;
  detail: string | null;
  sourceIp: string | null;
}

/** One page of events; `ownSub` limits it to one person's events (everyone but administrators). */
export async function listAuditEvents(filter: AuditFilter, ownSub: string | null): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  const where = {
    ...(ownSub ? { actorSub: ownSub } : filter.actor ? { actorEmail: { contains: filter.actor, mode: "insensitive" as const } } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
  };
  const rows = await getDb().auditEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (filter.page - 1) * PAGE_SIZE,
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      at: true,
      actorEmail: true,
      profileId: true,
      action: true,
      outcome: true,
      accountId: true,
      roleName: true,
      region: true,
      instanceId: true,
      sessionId: true,
      destination: true,
      reason: true,
      detail: true,
      sourceIp: true,
      via: true,
    },
  });
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

/** The action names present in the log, for the filter's choices. */
export async function listAuditActions(ownSub: string | null): Promise<string[]> {
  const rows = await getDb().auditEvent.findMany({
    where: ownSub ? { actorSub: ownSub } : {},
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
    take: 100,
  });
  return rows.map((row) => row.action);
}
