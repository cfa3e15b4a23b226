"use client";
import { useCallback, useMemo, useState } from "react";
import type { ChildPage, OrgNodeView } from "@/lib/org/node-view";
import { fetchChildren, OrgApiError } from "./org-api";
import { shownResult, type SearchState } from "./use-org-search";

// The tree's state in the browser: the nodes loaded so far, which are expanded, and which is selected. Children are
// fetched the first time a node is expanded, so the page starts with one level and grows only where people look.
// While a search is active the tree shows the search result (matches and their ancestors) instead.

export type ChildLoad = { state: "loading" } | { state: "error"; message: string };

export type TreeModel = {
  rootId: string;
  node: (id: string) => OrgNodeView | undefined;
  childrenOf: (id: string) => string[] | undefined;
  isExpanded: (id: string) => boolean;
  canExpand: (id: string) => boolean;
  loadOf: (id: string) => ChildLoad | undefined;
  /** Children not loaded yet (a crowded node is loaded a page at a time). */
  remainingOf: (id: string) => number;
  toggle: (id: string, open?: boolean) => void;
  /** Loads the next page of children (or retries a failed load). */
  loadMore: (id: string) => void;
  isMatch: (id: string) => boolean;
};

export function useOrgTree(root: OrgNodeView, rootChildren: ChildPage, search: SearchState) {
  const [nodes, setNodes] = useState<Record<string, OrgNodeView>>(() => Object.fromEntries([root, ...rootChildren.nodes].map((node) => [node.id, node])));
  const [children, setChildren] = useState<Record<string, string[]>>(() => ({ [root.id]: rootChildren.nodes.map((node) => node.id) }));
  const [loads, setLoads] = useState<Record<string, ChildLoad>>({});
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set([root.id]));
  // In search mode everything shown starts expanded; this remembers what the person collapsed.
  const [searchCollapsed, setSearchCollapsed] = useState<Set<string>>(() => new Set());
  const [searchKey, setSearchKey] = useState<string | null>(null);
  const result = shownResult(search);
  if ((result?.query ?? null) !== searchKey) {
    setSearchKey(result?.query ?? null);
    setSearchCollapsed(new Set());
  }

  const loadChildren = useCallback(async (id: string, offset = 0) => {
    setLoads((current) => ({ ...current, [id]: { state: "loading" } }));
    try {
      const answer = await fetchChildren(id, offset);
      setNodes((current) => ({ ...current, ...Object.fromEntries(answer.nodes.map((node) => [node.id, node])) }));
      setChildren((current) => ({ ...current, [id]: [...(current[id] ?? []).slice(0, offset), ...answer.nodes.map((node) => node.id)] }));
      setLoads(({ [id]: _done, ...rest }) => rest);
    } catch (error) {
      const message = error instanceof OrgApiError ? error.message : "The children of this node could not be loaded.";
      setLoads((current) => ({ ...current, [id]: { state: "error", message } }));
    }
  }, []);

  const model = useMemo<TreeModel>(() => {
    const node = (id: string) => result?.nodes[id] ?? nodes[id];
    if (result) {
      return {
        rootId: root.id,
        node,
        childrenOf: (id) => result.childMap[id] ?? [],
        isExpanded: (id) => (result.childMap[id]?.length ?? 0) > 0 && !searchCollapsed.has(id),
        canExpand: (id) => (result.childMap[id]?.length ?? 0) > 0,
        loadOf: () => undefined,
        remainingOf: () => 0,
        toggle: (id, open) =>
          setSearchCollapsed((current) => {
            const next = new Set(current);
            if (open ?? next.has(id)) next.delete(id);
            else next.add(id);
            return next;
          }),
        loadMore: () => undefined,
        isMatch: (id) => result.matchIds.has(id),
      };
    }
    return {
      rootId: root.id,
      node,
      childrenOf: (id) => children[id],
      isExpanded: (id) => expanded.has(id),
      canExpand: (id) => (nodes[id]?.childCount ?? 0) > 0,
      loadOf: (id) => loads[id],
      remainingOf: (id) => (children[id] ? Math.max(0, (nodes[id]?.childCount ?? 0) - children[id].length) : 0),
      toggle: (id, open) => {
        const opening = open ?? !expanded.has(id);
        setExpanded((current) => {
          const next = new Set(current);
          if (opening) next.add(id);
          else next.delete(id);
          return next;
        });
        if (opening && !children[id] && loads[id]?.state !== "loading") void loadChildren(id);
      },
      loadMore: (id) => void loadChildren(id, children[id]?.length ?? 0),
      isMatch: () => false,
    };
  }, [result, nodes, children, loads, expanded, searchCollapsed, root.id, loadChildren]);

  /** Opens every node on a path (root first), loading children where needed: "show this node in the tree". */
  const expandPath = useCallback(
    (ids: string[]) => {
      setExpanded((current) => new Set([...current, ...ids]));
      for (const id of ids) if (!children[id] && loads[id]?.state !== "loading") void loadChildren(id);
    },
    [children, loads, loadChildren],
  );

  return { model, expandPath };
}

/** The nodes a person can reach with the arrow keys, top to bottom, each with its tree position. */
export type VisibleNode = { id: string; level: number; parentId: string | null; posinset: number; setsize: number };

export function listVisibleNodes(model: TreeModel): VisibleNode[] {
  const visible: VisibleNode[] = [];
  const walk = (id: string, level: number, parentId: string | null, posinset: number, setsize: number) => {
    visible.push({ id, level, parentId, posinset, setsize });
    if (!model.isExpanded(id)) return;
    const kids = model.childrenOf(id) ?? [];
    kids.forEach((child, index) => walk(child, level + 1, id, index + 1, kids.length));
  };
  walk(model.rootId, 1, null, 1, 1);
  return visible;
}
