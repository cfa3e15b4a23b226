"use client";
import { useEffect, useState } from "react";
import type { OrgNodeView } from "@/lib/org/node-view";
import { fetchSearch, OrgApiError } from "./org-api";

// Search runs on the server over the in-memory tree (5,000 accounts never reach the browser). Typing is debounced
// and a newer query cancels the older request, so results never arrive out of order.

export type SearchResult = {
  status: "done";
  query: string;
  total: number;
  matchIds: Set<string>;
  nodes: Record<string, OrgNodeView>;
  /** Parent id → shown children, in tree order. */
  childMap: Record<string, string[]>;
};

export type SearchState =
  | { status: "idle" }
  /** `previous` keeps the last result on screen while the next one loads, so the tree does not flicker. */
  | { status: "loading"; query: string; previous?: SearchResult }
  | { status: "error"; query: string; message: string }
  | SearchResult;

/** The result the tree should show now: the current one, or the previous one while a new query loads. */
export const shownResult = (search: SearchState): SearchResult | null =>
  search.status === "done" ? search : search.status === "loading" ? (search.previous ?? null) : null;

const DEBOUNCE_MS = 200;

export function useOrgSearch(text: string, attempt: number): SearchState {
  const query = text.trim();
  const [state, setState] = useState<SearchState>({ status: "idle" });
  const [shownFor, setShownFor] = useState("");
  if (query !== shownFor) {
    // Adjust during render: the tree switches back immediately when the box is cleared.
    setShownFor(query);
    const previous = state.status === "done" ? state : state.status === "loading" ? state.previous : undefined;
    setState(query ? { status: "loading", query, ...(previous && { previous }) } : { status: "idle" });
  }

  useEffect(() => {
    if (!query) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setState((current) => (current.status === "error" ? { status: "loading", query } : current));
      try {
        const answer = await fetchSearch(query, controller.signal);
        const childMap: Record<string, string[]> = {};
        for (const node of answer.nodes) if (node.parentId) (childMap[node.parentId] ??= []).push(node.id);
        setState({
          status: "done",
          query,
          total: answer.total,
          matchIds: new Set(answer.matchIds),
          nodes: Object.fromEntries(answer.nodes.map((node) => [node.id, node])),
          childMap,
        });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState({ status: "error", query, message: error instanceof OrgApiError ? error.message : "The search failed. Try again." });
      }
    }, DEBOUNCE_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [query, attempt]);

  return state;
}
