import "server-only";
import { awsServiceError, describeAwsFault } from "@/lib/aws/errors";
import { listOrgResourceTags } from "@/lib/aws/organization-tags";
import { RoleChainError, describeRoleChainFault } from "@/lib/aws/role-chain-error";
import { getDb } from "@/lib/db/client";

// A node's tags, read from AWS when a page shows the node, not by the sync. Organizations has no bulk tag call
// (ListAccounts and the per-parent listings return no tags), so reading every node's tags in a sync costs one
// ListTagsForResource per root, OU and account: 6,001 of a 5,000-account organization's 8,315 calls. Only the
// node details panel shows tags, and people open a few nodes, so each is read on first view and kept in
// OrgNodeTags (across syncs) for TAGS_MAX_AGE_MS; an older copy is read again when the node is next shown. When
// AWS cannot answer, the last copy is shown with its age and the reason; without one, the error says what to do.

export const TAGS_MAX_AGE_MS = 15 * 60_000;

export type NodeTagsView = {
  nodeId: string;
  tags: Record<string, string>;
  /** When these tags were read from AWS (ISO 8601). */
  readAt: string;
  /** Why a newer copy could not be read (the tags shown are then the last ones read), or null. */
  staleBecause: string | null;
};

function storedTags(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

// Several people opening the same node at once share one read.
const inFlight = new Map<string, Promise<{ tags: Record<string, string>; readAt: Date }>>();

function refresh(nodeId: string) {
  const running = inFlight.get(nodeId);
  if (running) return running;
  const read = (async () => {
    const tags = await listOrgResourceTags(nodeId);
    const readAt = new Date();
    await getDb().orgNodeTags.upsert({ where: { nodeId }, create: { nodeId, tags, readAt }, update: { tags, readAt } });
    return { tags, readAt };
  })().finally(() => inFlight.delete(nodeId));
  inFlight.set(nodeId, read);
  return read;
}

/** The node's tags, from the stored copy while it is fresh, else from AWS. The caller checks the node is shown. */
export async function readNodeTags(nodeId: string, now = Date.now()): Promise<NodeTagsView> {
  const stored = await getDb().orgNodeTags.findUnique({ where: { nodeId } });
  if (stored && now - stored.readAt.getTime() < TAGS_MAX_AGE_MS)
    return { nodeId, tags: storedTags(stored.tags), readAt: stored.readAt.toISOString(), staleBecause: null };
  try {
    const { tags, readAt } = await refresh(nodeId);
    return { nodeId, tags, readAt: readAt.toISOString(), staleBecause: null };
  } catch (error) {
    const fault = error instanceof RoleChainError ? describeRoleChainFault(error) : describeAwsFault(error, `reading the tags of ${nodeId}`);
    if (stored) return { nodeId, tags: storedTags(stored.tags), readAt: stored.readAt.toISOString(), staleBecause: fault.message };
    throw awsServiceError(fault);
  }
}

/** Stores tags a sync read anyway (the "before" way of reading, kept for comparison). */
export async function storeSyncedTags(nodes: ReadonlyArray<{ id: string; tags?: Record<string, string> }>, readAt: Date): Promise<void> {
  const db = getDb();
  const withTags = nodes.filter((node) => node.tags);
  for (let i = 0; i < withTags.length; i += 1000) {
    const chunk = withTags.slice(i, i + 1000);
    await db.$transaction([
      db.orgNodeTags.deleteMany({ where: { nodeId: { in: chunk.map((node) => node.id) } } }),
      db.orgNodeTags.createMany({ data: chunk.map((node) => ({ nodeId: node.id, tags: node.tags!, readAt })) }),
    ]);
  }
}
