import "server-only";

// Which nodes' tags a sync reads. Organizations has no call that lists many resources' tags at once, and
// ListAccounts, ListAccountsForParent and ListOrganizationalUnitsForParent return none, so each read is one
// ListTagsForResource per root, OU or account. A first sync reads them all; later syncs carry a node's tags over
// from the previous tree unless the node is new, or changed (moved, renamed, another email or status), or its turn
// to be refreshed has come (the sync decides the turns: lib/org/sync-tags.ts).

/** What a node looked like when its tags were last read: a change in any of these reads the tags again. */
export const nodeFingerprint = (node: { parentId: string | null; name: string; email: string | null; status: string | null }) =>
  [node.parentId ?? "", node.name, node.email ?? "", node.status ?? ""].join("\u0000");

export type KnownTags = { fingerprint: string; tags: Record<string, string> };

export interface TagPlan {
  /** Tags from the previous tree, by node id. */
  known: ReadonlyMap<string, KnownTags>;
  /** Whether a known, unchanged node's tags are read again this time. */
  refresh: (id: string) => boolean;
}
