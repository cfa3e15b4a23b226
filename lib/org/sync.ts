import "server-only";
import { errorField, logger } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";
import { OrganizationReadError, readOrganization, type OrgSnapshot, type ReadOrganizationOptions } from "@/lib/aws/organization";
import type { SlotStats } from "@/lib/aws/adaptive-slots";
import type { ScpPlan } from "@/lib/aws/organization-scp-plan";
import { getDb } from "@/lib/db/client";
import { buildNodeRows, type OrgNodeData } from "./snapshot-rows";
import { storeSyncedTags } from "./node-tags";
import { loadPreviousAttachments } from "./sync-previous";
import { assertLeaseHeld, claimSyncLease, markSyncFailed, SYNC_DEADLINE_MS, type OrgTx } from "./sync-lease";

// One organization sync: claim the lease, read the organization from AWS, then replace the stored tree and record
// the outcome in ONE transaction, so readers see either the old tree or the new one, never half of each. A failed
// sync leaves the previous tree in place and says why on its OrgSync row.

export type SyncTrigger = "schedule" | "admin" | "startup";

export type SyncResult =
  | {
      status: "succeeded";
      syncId: string;
      apiCalls: number;
      throttled: number;
      accountCount: number;
      ouCount: number;
      policyCount: number;
      concurrency: number;
      /** How SCP attachments were read; nodes whose tags were read (the "before" way only); how the concurrency adapted. */
      scpPlan: ScpPlan;
      tagReads: number;
      slots: SlotStats;
      /** Reading AWS, storing the tree, and both (ms). */
      readMs: number;
      storeMs: number;
      durationMs: number;
    }
  | { status: "failed"; syncId: string; apiCalls: number; error: string; durationMs: number }
  | { status: "already-running"; runningSyncId: string | null };

export interface SyncOptions {
  trigger: SyncTrigger;
  /** Email of the admin who asked, for the record. */
  triggeredBy?: string;
  /** Called once the sync is recorded as running (the admin route answers then, without waiting for AWS). */
  onStarted?: (syncId: string) => void;
  /** Overrides AWS_CONCURRENCY (benchmarks). */
  concurrency?: number;
  /**
   * "legacy" reads the way Gatehouse did before (SCPs per target, every node's tags, a fixed concurrency), for the
   * comparison test and the benchmark. Default: the cheaper way; tags are read when a page shows a node.
   */
  strategy?: "current" | "legacy";
}

async function storeTree(tx: OrgTx, syncId: string, rows: OrgNodeData[], snapshot: OrgSnapshot): Promise<void> {
  await assertLeaseHeld(tx, syncId);
  await tx.orgNode.deleteMany({});
  await tx.orgPolicy.deleteMany({});
  // One statement for the whole tree: the rows travel as one JSON parameter and PostgreSQL unpacks them into the
  // table's own row type. Prisma's createMany binds 11 parameters per row and needs a statement per 1,000 rows.
  await tx.$executeRaw`
    INSERT INTO "OrgNode" ("id", "kind", "parentId", "name", "path", "depth", "email", "status", "joinedAt", "policyIds", "syncId")
    SELECT "id", "kind", "parentId", "name", "path", "depth", "email", "status", "joinedAt", "policyIds", "syncId"
    FROM json_populate_recordset(NULL::"OrgNode", ${JSON.stringify(rows)}::json)`;
  await tx.orgPolicy.createMany({ data: snapshot.policies.map((policy) => ({ ...policy, syncId })) });
  // Tags of nodes that left the organization are not shown again; an id that comes back is read afresh.
  await tx.$executeRaw`DELETE FROM "OrgNodeTags" t WHERE NOT EXISTS (SELECT 1 FROM "OrgNode" n WHERE n."id" = t."nodeId")`;
  await tx.orgSync.update({
    where: { id: syncId },
    data: {
      status: "succeeded",
      finishedAt: new Date(),
      apiCalls: snapshot.apiCalls,
      accountCount: rows.filter((row) => row.kind === "account").length,
      ouCount: rows.filter((row) => row.kind === "ou").length,
      error: null,
    },
  });
}

function describeSyncFailure(error: unknown): string {
  if (error instanceof OrganizationReadError) return error.message;
  // Prisma messages start with the call site on several lines; the cause is the last non-empty one.
  const lines = (error instanceof Error ? error.message : String(error))
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const detail = lines.at(-1) ?? "unknown error";
  return `Storing the organization failed: ${detail}`;
}

const log = logger("org-sync");

export async function syncOrganization(options: SyncOptions): Promise<SyncResult> {
  const db = getDb();
  const claim = await claimSyncLease(db, options.trigger, options.triggeredBy ?? null);
  if (!claim.claimed) return { status: "already-running", runningSyncId: claim.runningSyncId };
  const { syncId } = claim;
  const started = performance.now();
  options.onStarted?.(syncId);
  let apiCalls = 0;
  // A sync that runs past the deadline stops, so its lease can safely be declared abandoned later (sync-lease.ts).
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`it took longer than ${SYNC_DEADLINE_MS / 60_000} minutes`)), SYNC_DEADLINE_MS);
  timer.unref();
  try {
    const how: ReadOrganizationOptions =
      options.strategy === "legacy" ? { scpReads: "per-target", adaptive: false, readTags: true } : { previous: await loadPreviousAttachments(db) };
    const snapshot = await readOrganization({ ...how, signal: deadline.signal, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
    apiCalls = snapshot.apiCalls;
    const readMs = performance.now() - started;
    const rows = buildNodeRows(snapshot, syncId);
    // Generous limits: storing 6,000 rows takes under a second, but PGlite serialises every other query meanwhile.
    await db.$transaction((tx) => storeTree(tx, syncId, rows, snapshot), { maxWait: 30_000, timeout: 120_000 });
    if (snapshot.tagReads > 0) await storeSyncedTags(snapshot.nodes, new Date());
    const accountCount = rows.filter((row) => row.kind === "account").length;
    const ouCount = rows.filter((row) => row.kind === "ou").length;
    const durationMs = performance.now() - started;
    metrics().orgSyncDuration.observe({ result: "succeeded" }, durationMs / 1000);
    log.info(
      {
        syncId,
        trigger: options.trigger,
        accountCount,
        ouCount,
        durationMs: Math.round(durationMs),
        apiCalls,
        scpReads: snapshot.scpPlan.mode,
        tagReads: snapshot.tagReads,
      },
      `stored ${accountCount} accounts, ${ouCount} OUs in ${Math.round(durationMs)} ms with ${apiCalls} API calls (concurrency ${snapshot.slots.minLimit}-${snapshot.concurrency})`,
    );
    return {
      status: "succeeded",
      syncId,
      apiCalls,
      throttled: snapshot.throttled,
      accountCount,
      ouCount,
      policyCount: snapshot.policies.length,
      concurrency: snapshot.concurrency,
      scpPlan: snapshot.scpPlan,
      tagReads: snapshot.tagReads,
      slots: snapshot.slots,
      readMs,
      storeMs: durationMs - readMs,
      durationMs,
    };
  } catch (error) {
    if (error instanceof OrganizationReadError) apiCalls = error.apiCalls;
    const message = describeSyncFailure(error);
    metrics().orgSyncDuration.observe({ result: "failed" }, (performance.now() - started) / 1000);
    log.error({ syncId, trigger: options.trigger, apiCalls }, `sync failed: ${message}`);
    await markSyncFailed(db, syncId, message, apiCalls).catch((markError: unknown) =>
      log.error({ syncId, err: errorField(markError) }, "could not record the failure"),
    );
    return { status: "failed", syncId, apiCalls, error: message, durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
