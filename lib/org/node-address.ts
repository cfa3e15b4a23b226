import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { toNodeView, type OrgNodeView } from "./node-view";
import { loadOrgViewer } from "./org-access";

// /organization?node=<r-…, ou-… or account id>: the node the address selects, with the ids of its ancestors (root
// first) so the tree can open down to it. Read from the stored tree for the person asking (their roles marked);
// an unknown id selects nothing, and a person who may not view the organization gets nothing here either.

export interface SelectedNode {
  node: OrgNodeView;
  /** Ancestors, root first (the node itself not included). */
  path: string[];
}

/** What a root, OU or account id looks like (Organizations' own patterns); checked before any lookup. */
export const ORG_NODE_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|\d{12})$/;
export const ORG_NODE_ID_ERROR = "expected the id of a root (r-…), OU (ou-…-…) or account (12 digits)";

export async function loadSelectedNode(user: Pick<Actor, "sub" | "email" | "groups">, nodeId: string | undefined): Promise<SelectedNode | null> {
  if (!nodeId || !ORG_NODE_ID.test(nodeId)) return null;
  const { tree, access } = await loadOrgViewer(user);
  const node = tree.nodes.get(nodeId);
  if (!node) return null;
  const path: string[] = [];
  for (let id = node.parentId; id; id = tree.nodes.get(id)?.parentId ?? null) path.unshift(id);
  return { node: toNodeView(tree, node, access), path };
}
