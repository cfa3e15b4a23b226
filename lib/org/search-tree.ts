import "server-only";
import type { OrgTreeData } from "./tree-model";

// Search over the in-memory tree by account name, account id, OU name or OU id (case-insensitive substring). The
// answer keeps tree order and carries each match's ancestors, so the page can show matches in place.

export type TreeSearchResult = {
  /** Every match, however many. */
  total: number;
  /** The first `limit` matches, in tree order. */
  matchIds: string[];
  /** The shown matches and all their ancestors, in tree order (parents before children). */
  nodeIds: string[];
};

export const SEARCH_RESULT_LIMIT = 200;

export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase().slice(0, 200);
}

export function searchOrgTree(tree: OrgTreeData, query: string, limit = SEARCH_RESULT_LIMIT): TreeSearchResult {
  const needle = normalizeQuery(query);
  if (!needle || !tree.rootId) return { total: 0, matchIds: [], nodeIds: [] };
  const matches: string[] = [];
  // Depth-first in display order, with an explicit stack: children are pushed in reverse to pop in order.
  const stack = [tree.rootId];
  while (stack.length > 0) {
    const node = tree.nodes.get(stack.pop()!)!;
    if (node.kind !== "root" && node.searchText.includes(needle)) matches.push(node.id);
    for (let i = node.childIds.length - 1; i >= 0; i--) stack.push(node.childIds[i]!);
  }
  const shown = matches.slice(0, limit);
  const keep = new Set<string>();
  for (const id of shown) {
    keep.add(id);
    for (const ancestor of tree.nodes.get(id)!.path) keep.add(ancestor);
  }
  const nodeIds: string[] = [];
  const walk = [tree.rootId];
  while (walk.length > 0) {
    const id = walk.pop()!;
    if (!keep.has(id)) continue;
    nodeIds.push(id);
    const children = tree.nodes.get(id)!.childIds;
    for (let i = children.length - 1; i >= 0; i--) walk.push(children[i]!);
  }
  return { total: matches.length, matchIds: shown, nodeIds };
}
