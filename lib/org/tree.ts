import "server-only";
import { getDb } from "@/lib/db/client";
import { assembleOrgTree, type OrgTreeData } from "./tree-model";

// The organization tree for pages and APIs, read from the database only: a page never waits on AWS. The assembled
// tree is kept in memory per successful sync id, so 5,000 accounts are read from the database once per sync, and
// every instance behind a load balancer notices a newer sync on its next read.

export type OrgSyncInfo = {
  id: string;
  trigger: string;
  triggeredBy: string | null;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  apiCalls: number;
  accountCount: number;
  ouCount: number;
  error: string | null;
};

export type OrgTree = OrgTreeData & {
  /** The sync that wrote the stored tree; null when no sync has succeeded yet (the tree is then empty). */
  syncId: string | null;
  /** The newest sync of any status (a running or failed one may be newer than the tree). */
  lastSync: OrgSyncInfo | null;
  /** The sync the tree comes from. */
  lastSuccess: OrgSyncInfo | null;
};

const EMPTY: OrgTreeData = { rootId: null, nodes: new Map(), policies: new Map(), accountIds: [], accountCount: 0, ouCount: 0 };

let cached: { syncId: string; tree: Promise<OrgTreeData> } | undefined;

/** The newest sync, and the newest successful one. */
export async function getSyncStatus(): Promise<{ lastSync: OrgSyncInfo | null; lastSuccess: OrgSyncInfo | null }> {
  const db = getDb();
  const [lastSync, lastSuccess] = await Promise.all([
    db.orgSync.findFirst({ orderBy: { startedAt: "desc" } }),
    db.orgSync.findFirst({ where: { status: "succeeded" }, orderBy: { finishedAt: "desc" } }),
  ]);
  return { lastSync, lastSuccess };
}

async function loadTree(): Promise<OrgTreeData> {
  const db = getDb();
  // One snapshot for both reads, so nodes and policies always come from the same sync.
  const [rows, policies] = await db.$transaction(
    [
      db.orgNode.findMany({
        select: {
          id: true,
          kind: true,
          parentId: true,
          name: true,
          path: true,
          depth: true,
          email: true,
          status: true,
          joinedAt: true,
          policyIds: true,
        },
      }),
      db.orgPolicy.findMany({ select: { id: true, name: true, description: true, awsManaged: true } }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  return assembleOrgTree(rows, policies);
}

/** The stored organization tree with its sync information. */
export async function getOrgTree(): Promise<OrgTree> {
  const { lastSync, lastSuccess } = await getSyncStatus();
  if (!lastSuccess) return { ...EMPTY, syncId: null, lastSync, lastSuccess };
  if (cached?.syncId !== lastSuccess.id) {
    const tree = loadTree();
    cached = { syncId: lastSuccess.id, tree };
    // A failed read must not stick: the next call tries again.
    tree.catch(() => {
      if (cached?.tree === tree) cached = undefined;
    });
  }
  return { ...(await cached.tree), syncId: lastSuccess.id, lastSync, lastSuccess };
}

/** Drops the in-memory copy (tests, and after this instance wrote a new tree). */
export function forgetOrgTree(): void {
  cached = undefined;
}
