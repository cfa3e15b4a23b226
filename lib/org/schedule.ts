import "server-only";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { errorField, logger } from "@/lib/log/logger";
import { syncOrganization, type SyncTrigger } from "./sync";

// Keeps the stored tree fresh: a sync at start-up when the tree is missing or older than ORG_SYNC_INTERVAL_SECONDS,
// then one per interval (0 turns the schedule off; an empty tree is still filled at start-up). The next run is
// timed from the newest sync in the database, not from this process's own clock, so several instances behind a load
// balancer do not each sync once per interval; the sync lease makes sure two never overlap.

const RETRY_AFTER_FAILURE_MS = 5 * 60_000;
const RETRY_EMPTY_TREE_MS = 60_000;
const MIN_WAIT_MS = 5_000;

type Schedule = { stop(): void };
const holder = globalThis as unknown as { gatehouseOrgSchedule?: Schedule };

/** Milliseconds until a sync is due (0 or less: now), from the sync history in the database. */
export async function computeMsUntilDue(intervalMs: number, now = Date.now()): Promise<number> {
  const db = getDb();
  const [latest, success] = await Promise.all([
    db.orgSync.findFirst({ orderBy: { startedAt: "desc" }, select: { status: true, startedAt: true, finishedAt: true } }),
    db.orgSync.findFirst({ where: { status: "succeeded" }, orderBy: { finishedAt: "desc" }, select: { id: true } }),
  ]);
  if (!latest) return 0;
  const lastEnd = (latest.finishedAt ?? latest.startedAt).getTime();
  if (!success) return latest.status === "running" ? RETRY_EMPTY_TREE_MS : lastEnd + RETRY_EMPTY_TREE_MS - now;
  if (intervalMs === 0) return Infinity;
  if (latest.status === "failed") return lastEnd + Math.min(intervalMs, RETRY_AFTER_FAILURE_MS) - now;
  return latest.startedAt.getTime() + intervalMs - now;
}

/** Starts the schedule once per process (instrumentation.ts calls it at server start). */
export function startOrgSyncSchedule(): Schedule {
  if (holder.gatehouseOrgSchedule) return holder.gatehouseOrgSchedule;
  const intervalMs = getConfig().ORG_SYNC_INTERVAL_SECONDS * 1000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  // Runs at most one tick at a time: the next is only scheduled when this one has finished.
  const tick = async (trigger: SyncTrigger) => {
    let waitMs = intervalMs || RETRY_EMPTY_TREE_MS;
    try {
      if ((await computeMsUntilDue(intervalMs)) <= 0) {
        const result = await syncOrganization({ trigger });
        if (result.status === "already-running") logger("org-sync").info("another instance is syncing; skipping this turn");
      }
      waitMs = await computeMsUntilDue(intervalMs);
    } catch (error) {
      // Usually the database is not reachable yet: look again soon rather than a whole interval later.
      logger("org-sync").error({ err: errorField(error) }, "scheduled sync could not run");
      waitMs = RETRY_EMPTY_TREE_MS;
    }
    if (stopped || waitMs === Infinity) return;
    timer = setTimeout(() => void tick("schedule"), Math.min(Math.max(waitMs, MIN_WAIT_MS), intervalMs || RETRY_EMPTY_TREE_MS));
    timer.unref();
  };

  void tick("startup");
  holder.gatehouseOrgSchedule = {
    stop() {
      stopped = true;
      clearTimeout(timer);
      holder.gatehouseOrgSchedule = undefined;
    },
  };
  return holder.gatehouseOrgSchedule;
}
