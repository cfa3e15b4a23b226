import "server-only";
import { getDb } from "@/lib/db/client";

export type AuditOutcome = "allowed" | "denied" | "error" | "issued";

export interface AuditEventInput {
  action: string;
  outcome: AuditOutcome;
  actor?: { sub: string; email: string } | null;
  profileId?: string | null;
  accountId?: string | null;
  roleName?: string | null;
  region?: string | null;
  instanceId?: string | null;
  sessionId?: string | null;
  destination?: string | null;
  reason?: string | null;
  detail?: string | null;
  sourceIp?: string | null;
  userAgent?: string | null;
}

const clip = (value: string | null | undefined, max: number) => (value == null ? null : value.slice(0, max));

/**
 * Writes one audit record and returns its id. Callers await it BEFORE handing out any credential or session, so a
 * failed write means nothing is issued.
 */
export async function writeAuditEvent(event: AuditEventInput): Promise<string> {
  const row = await getDb().auditEvent.create({
    data: {
      action: event.action,
      outcome: event.outcome,
      actorSub: event.actor?.sub ?? null,
      actorEmail: event.actor?.email ?? null,
      profileId: event.profileId ?? null,
      accountId: event.accountId ?? null,
      roleName: clip(event.roleName, 128),
      region: clip(event.region, 32),
      instanceId: clip(event.instanceId, 64),
      sessionId: clip(event.sessionId, 128),
      destination: clip(event.destination, 2048),
      reason: clip(event.reason, 512),
      detail: clip(event.detail, 2048),
      sourceIp: clip(event.sourceIp, 64),
      userAgent: clip(event.userAgent, 512),
    },
    select: { id: true },
  });
  return row.id;
}
