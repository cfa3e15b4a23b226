"use client";
import { useEffect, useRef, useState } from "react";
import type { SelectedNode } from "@/lib/org/node-address";
import type { ChildPage, OrgNodeView, OrgPolicyView } from "@/lib/org/node-view";
import { NodeDetails } from "./node-details";
import { OrgTree } from "./org-tree";
import { shownResult, useOrgSearch, type SearchState } from "./use-org-search";
import { useOrgTree } from "./use-org-tree";

// The tree page's interactive part: search box, tree and the selected node's details side by side.

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

function SearchSummary({ search, onRetry }: { search: SearchState; onRetry: () => void }) {
  if (search.status === "idle") return null;
  if (search.status === "loading") return <>Searching…</>;
  if (search.status === "error") {
    return (
      <span className="text-red-800 dark:text-red-200">
        {search.message}{" "}
        <button type="button" className="underline" onClick={onRetry}>
          Retry
        </button>
      </span>
    );
  }
  if (search.total === 0) return <>No account or OU matches “{search.query}”.</>;
  const shown = search.matchIds.size;
  const count = `${search.total.toLocaleString("en")} match${search.total === 1 ? "" : "es"}`;
  return <>{shown < search.total ? `${count}; showing the first ${shown}. Type more to narrow it down.` : count}</>;
}

export function OrgExplorer(props: { root: OrgNodeView; rootChildren: ChildPage; policies: OrgPolicyView[]; initialSelection?: SelectedNode | null }) {
  const [text, setText] = useState("");
  const [attempt, setAttempt] = useState(0);
  const search = useOrgSearch(text, attempt);
  const { model, expandPath } = useOrgTree(props.root, props.rootChildren, search);
  const initial = props.initialSelection ?? null;
  const [selectedId, setSelectedId] = useState(initial?.node.id ?? props.root.id);
  const [focusedId, setFocusedId] = useState(initial?.node.id ?? props.root.id);
  const inputRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const policies = Object.fromEntries(props.policies.map((policy) => [policy.id, policy]));
  const selected = model.node(selectedId) ?? (initial?.node.id === selectedId ? initial.node : props.root);

  // The address names the selected node (/organization?node=…): reloading or sharing it shows the same node.
  function selectNode(id: string) {
    setSelectedId(id);
    const query = id === props.root.id ? "" : `?${new URLSearchParams({ node: id })}`;
    window.history.replaceState(window.history.state, "", `${window.location.pathname}${query}`);
  }

  // A node named in the address: open the tree down to it once (its ancestors' children load as they open).
  const openedInitial = useRef(false);
  useEffect(() => {
    if (openedInitial.current || !initial) return;
    openedInitial.current = true;
    if (initial.path.length) expandPath(initial.path);
  }, [initial, expandPath]);

  useEffect(() => {
    // Marks the page as interactive (browser tests wait for it; keys pressed earlier would go nowhere).
    rootRef.current?.setAttribute("data-ready", "true");
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const searching = search.status !== "idle";

  /** Leaving a search keeps the selected node in sight: its ancestors open in the full tree. */
  function changeSearch(next: string) {
    const result = shownResult(search);
    if (!next.trim() && result?.nodes[selectedId]) {
      const path: string[] = [];
      for (let id = result.nodes[selectedId]?.parentId; id; id = result.nodes[id]?.parentId ?? null) path.unshift(id);
      expandPath(path);
      setFocusedId(selectedId);
    }
    setText(next);
  }
  const noMatches = search.status === "done" && search.total === 0;

  return (
    <div ref={rootRef} className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-testid="org-explorer">
      <section aria-label="Organization tree" className="min-w-0 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4">
        <div className="mb-3">
          <label htmlFor="org-search" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
            Search accounts and OUs
          </label>
          <div className="mt-1 flex items-center gap-2">
            <input
              ref={inputRef}
              id="org-search"
              type="search"
              value={text}
              onChange={(event) => changeSearch(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") changeSearch("");
              }}
              maxLength={200}
              placeholder="Account name, account id or OU name"
              aria-describedby="org-search-hint org-search-status"
              autoComplete="off"
              className="w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1.5 text-sm"
              data-testid="org-search"
            />
            <kbd
              id="org-search-hint"
              className="hidden rounded border border-slate-300 dark:border-slate-600 px-1.5 text-xs text-slate-500 dark:text-slate-400 sm:inline"
              aria-label="Press slash to search"
            >
              /
            </kbd>
          </div>
          <p
            id="org-search-status"
            role="status"
            aria-live="polite"
            className="mt-1 min-h-5 text-sm text-slate-600 dark:text-slate-400"
            data-testid="org-search-status"
          >
            <SearchSummary search={search} onRetry={() => setAttempt((n) => n + 1)} />
          </p>
        </div>
        {noMatches ? (
          <p className="rounded-md bg-slate-50 dark:bg-slate-800/60 p-4 text-sm text-slate-600 dark:text-slate-400" data-testid="org-search-empty">
            Nothing matches. Search by account name (“API Dev”), account id (“444444444444” or part of it) or OU name (“Sandbox”).
          </p>
        ) : search.status === "loading" && !search.previous ? (
          <p className="p-4 text-sm text-slate-500 dark:text-slate-400">Searching…</p>
        ) : (
          <OrgTree
            model={model}
            label={searching ? `Organization, search results for ${text.trim()}` : "Organization"}
            selectedId={selectedId}
            focusedId={focusedId}
            onSelect={selectNode}
            onFocusChange={setFocusedId}
          />
        )}
      </section>
      <aside
        aria-label="Selected node"
        className="min-w-0 self-start rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4 lg:sticky lg:top-4"
      >
        <NodeDetails key={selected.id} node={selected} policies={policies} />
      </aside>
    </div>
  );
}
