import "server-only";
import type { Db } from "@/lib/db/client";

// Only one organization sync runs at a time across every Gatehouse instance on the database. The claim is a short
// transaction under a PostgreSQL advisory lock: check that no sync is running, then record this one as running.
// The lock is NOT held while AWS is read (minutes at scale): on PGlite one open transaction stalls every other
// connection, and on PostgreSQL it would pin a pooled connection. The "running" row is the lease; a sync gives up
// after SYNC_DEADLINE_MS, so a running row older than STALE_AFTER_MS belongs to an instance that died.

export type OrgTx = Pick<Db, "orgNode" | "orgPolicy" | "orgSync" | "$queryRaw" | "$executeRaw">;

/** Arbitrary but fixed: every instance must use the same key. */
const ORG_SYNC_LOCK_KEY = 7_402_301_955;
export const SYNC_DEADLINE_MS = 20 * 60_000;
const STALE_AFTER_MS = 30 * 60_000;

export type LeaseClaim = { claimed: true; syncId: string } | { claimed: false; runningSyncId: string | null };

async function tryLock(tx: OrgTx): Promise<boolean> {
  const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${ORG_SYNC_LOCK_KEY}::bigint) AS locked`;
  return row?.locked === true;
}

/** Waits for the lock (held only for short claim/store transactions). */
export async function waitForLock(tx: OrgTx): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ORG_SYNC_LOCK_KEY}::bigint)::text AS locked`;
}

export async function claimSyncLease(db: Db, trigger: string, triggeredBy: string | null): Promise<LeaseClaim> {
  return db.$transaction(async (tx) => {
    // Someone holding the lock is claiming or storing a sync right now: that is "already running" too.
    if (!(await tryLock(tx))) return { claimed: false, runningSyncId: null };
    const now = new Date();
    await tx.orgSync.updateMany({
      where: { status: "running", startedAt: { lt: new Date(now.getTime() - STALE_AFTER_MS) } },
      data: { status: "failed", finishedAt: now, error: "Abandoned: the Gatehouse instance running this sync stopped before it finished." },
    });
    const running = await tx.orgSync.findFirst({ where: { status: "running" }, select: { id: true } });
    if (running) return { claimed: false, runningSyncId: running.id };
    const row = await tx.orgSync.create({ data: { trigger, triggeredBy, status: "running" }, select: { id: true } });
    return { claimed: true, syncId: row.id };
  });
}

/** Inside the store transaction: the sync still owns the lease (it was not declared abandoned meanwhile). */
export async function assertLeaseHeld(tx: OrgTx, syncId: string): Promise<void> {
  await waitForLock(tx);
  const row = await tx.orgSync.findUnique({ where: { id: syncId }, select: { status: true } });
  if (row?.status !== "running") throw new Error("this sync was declared abandoned while it ran; its result was discarded");
}

export async function markSyncFailed(db: Db, syncId: string, error: string, apiCalls: number): Promise<void> {
  await db.orgSync.updateMany({
    where: { id: syncId, status: "running" },
    data: { status: "failed", finishedAt: new Date(), error: error.slice(0, 2000), apiCalls },
  });
}
