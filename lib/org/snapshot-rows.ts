import "server-only";
import type { OrgSnapshot, OrgSnapshotNode } from "@/lib/aws/organization";

// Turns what AWS answered into the rows the tree is stored as: each node with its ancestor path and depth. Checks the
// shape first (one root, every parent known), so a tree that cannot be displayed is never stored.

export type OrgNodeData = {
  id: string;
  kind: OrgSnapshotNode["kind"];
  parentId: string | null;
  name: string;
  path: string[];
  depth: number;
  email: string | null;
  status: string | null;
  joinedAt: Date | null;
  policyIds: string[];
  syncId: string;
};

export function buildNodeRows(snapshot: Pick<OrgSnapshot, "nodes">, syncId: string): OrgNodeData[] {
  const roots = snapshot.nodes.filter((node) => node.kind === "root");
  if (roots.length !== 1) throw new Error(`the organization has ${roots.length} roots; expected exactly one`);
  const byParent = new Map<string, OrgSnapshotNode[]>();
  for (const node of snapshot.nodes) {
    if (!node.parentId) continue;
    const siblings = byParent.get(node.parentId);
    if (siblings) siblings.push(node);
    else byParent.set(node.parentId, [node]);
  }
  const rows: OrgNodeData[] = [];
  const seen = new Set<string>();
  // Breadth-first from the root, so a parent's path is known before its children's.
  const queue: Array<{ node: OrgSnapshotNode; path: string[] }> = [{ node: roots[0]!, path: [] }];
  for (let i = 0; i < queue.length; i++) {
    const { node, path } = queue[i]!;
    if (seen.has(node.id)) throw new Error(`${node.id} appears twice in the organization`);
    seen.add(node.id);
    const { tags: _tags, ...stored } = node; // tags live in OrgNodeTags (lib/org/node-tags.ts)
    rows.push({ ...stored, path, depth: path.length, syncId });
    for (const child of byParent.get(node.id) ?? []) queue.push({ node: child, path: [...path, node.id] });
  }
  const orphan = snapshot.nodes.find((node) => !seen.has(node.id));
  if (orphan) throw new Error(`${orphan.id} has parent ${orphan.parentId}, which is not in the organization`);
  return rows;
}
