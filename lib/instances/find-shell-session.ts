import "server-only";
import { getDb } from "@/lib/db/client";

// The terminal page's session: only the person who started it may open its page (the connection itself lives in
// the browser tab that started it; this gives the page its instance, account and reason for "Start a new session").

export interface OwnShellSession {
  sessionId: string;
  accountId: string;
  region: string;
  instanceId: string;
  roleName: string;
  reason: string | null;
  startedAt: string;
  endedAt: string | null;
}

export async function findOwnShellSession(userSub: string, sessionId: string): Promise<OwnShellSession | null> {
  if (!/^[\w+=,.@-]{1,96}$/.test(sessionId)) return null;
  const row = await getDb().shellSession.findUnique({ where: { sessionId } });
  if (!row || row.userSub !== userSub) return null;
  return {
    sessionId: row.sessionId,
    accountId: row.accountId,
    region: row.region,
    instanceId: row.instanceId,
    roleName: row.roleName,
    reason: row.reason,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}
