import "server-only";
import type { PreviousAttachments } from "@/lib/aws/organization-scp-plan";
import { nodeFingerprint, type KnownTags, type TagPlan } from "@/lib/aws/organization-tag-plan";
import type { getDb } from "@/lib/db/client";

// What a sync takes from the tree it replaces: each SCP's target count (to choose how to read attachments) and each
// node's tags with what the node looked like (to carry unchanged nodes' tags over instead of reading them again).
//
// Carried tags are refreshed in turns: a node's turn comes every TAG_REFRESH_TURNS successful syncs (its id's hash
// picks which), so every tag shown was read from AWS at most that many syncs ago (an hour at the default 15-minute
// ORG_SYNC_INTERVAL_SECONDS), and a new, moved, renamed or re-statused account's tags at the sync that sees it.

export const TAG_REFRESH_TURNS = 4;

export type PreviousTree = { attachments: PreviousAttachments | undefined; tags: TagPlan | undefined };

/** FNV-1a, 32 bits: a stable, even spread of ids over the turns. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export const refreshTurnOf = (id: string, turns: number) => hashOf(id) % turns;

function readTags(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export async function loadPreviousTree(db: ReturnType<typeof getDb>, turns = TAG_REFRESH_TURNS): Promise<PreviousTree> {
  const rows = await db.orgNode.findMany({ select: { id: true, parentId: true, name: true, email: true, status: true, tags: true, policyIds: true } });
  if (rows.length === 0) return { attachments: undefined, tags: undefined };
  const targetsPerPolicy = new Map<string, number>();
  const known = new Map<string, KnownTags>();
  for (const row of rows) {
    for (const id of row.policyIds) targetsPerPolicy.set(id, (targetsPerPolicy.get(id) ?? 0) + 1);
    known.set(row.id, { fingerprint: nodeFingerprint(row), tags: readTags(row.tags) });
  }
  // The turn advances with every successful sync, so the next one refreshes the next share of nodes.
  const turn = (await db.orgSync.count({ where: { status: "succeeded" } })) % Math.max(1, turns);
  return {
    attachments: { targets: rows.length, targetsPerPolicy },
    tags: { known, refresh: (id) => turns <= 1 || refreshTurnOf(id, turns) === turn },
  };
}
