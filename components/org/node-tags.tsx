"use client";
import { useCallback, useEffect, useState } from "react";
import { Time } from "@/components/ui/time";
import type { NodeTagsView } from "@/lib/org/node-tags";
import { fetchNodeTags, OrgApiError } from "./org-api";

// The selected node's tags, fetched when the node is shown: the sync does not read tags (one AWS call per node),
// the server reads a node's on its first view and keeps them 15 minutes (lib/org/node-tags.ts).

type Load = { state: "loading" } | { state: "error"; message: string } | { state: "done"; view: NodeTagsView };

export function NodeTags({ nodeId }: { nodeId: string }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => {
    setLoad({ state: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    fetchNodeTags(nodeId, abort.signal).then(
      (view) => setLoad({ state: "done", view }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setLoad({ state: "error", message: error instanceof OrgApiError ? error.message : "The tags could not be loaded." });
      },
    );
    return () => abort.abort();
  }, [nodeId, attempt]);

  if (load.state === "loading")
    return (
      <span className="text-slate-500 dark:text-slate-400" role="status" data-testid="node-tags-loading">
        Reading tags…
      </span>
    );
  if (load.state === "error")
    return (
      <span role="alert" className="text-red-800 dark:text-red-200" data-testid="node-tags-error">
        {load.message}{" "}
        <button type="button" className="underline" onClick={retry}>
          Retry
        </button>
      </span>
    );
  const tags = Object.entries(load.view.tags);
  return (
    <>
      {tags.length ? (
        <ul className="flex flex-wrap gap-1" data-testid="node-tags">
          {tags.map(([key, value]) => (
            <li key={key} className="rounded bg-slate-100 dark:bg-slate-800 px-1.5 font-mono text-xs break-all">
              {key}={value}
            </li>
          ))}
        </ul>
      ) : (
        <span data-testid="node-tags">none</span>
      )}
      {load.view.staleBecause ? (
        <p className="mt-1 text-xs text-amber-800 dark:text-amber-200" data-testid="node-tags-stale">
          As read <Time value={load.view.readAt} />: {load.view.staleBecause}{" "}
          <button type="button" className="underline" onClick={retry}>
            Retry
          </button>
        </p>
      ) : null}
    </>
  );
}
