"use client";
import { useId, useState } from "react";
import type { PolicyDocument } from "@/lib/org/policies";
import { fetchPolicy, OrgApiError } from "./org-api";

// An SCP's JSON on demand: a disclosure that fetches /api/org/policies/<id> the first time it opens. Documents are
// kept for the page's lifetime, since a policy changes only with a sync (and a sync reloads the page's data).

const documents = new Map<string, PolicyDocument>();

type Load = { state: "idle" } | { state: "loading" } | { state: "error"; message: string } | { state: "done"; document: PolicyDocument };

export function PolicyDocumentToggle({ policyId, policyName }: { policyId: string; policyName: string }) {
  const [open, setOpen] = useState(false);
  const [load, setLoad] = useState<Load>(() => {
    const known = documents.get(policyId);
    return known ? { state: "done", document: known } : { state: "idle" };
  });
  const regionId = useId();

  async function fetchDocument() {
    setLoad({ state: "loading" });
    try {
      const document = await fetchPolicy(policyId);
      documents.set(policyId, document);
      setLoad({ state: "done", document });
    } catch (error) {
      setLoad({ state: "error", message: error instanceof OrgApiError ? error.message : "The policy could not be loaded." });
    }
  }

  function toggle() {
    const opening = !open;
    setOpen(opening);
    if (opening && (load.state === "idle" || load.state === "error")) void fetchDocument();
  }

  return (
    <>
      <button
        type="button"
        className="rounded px-1.5 text-xs text-brand-700 dark:text-brand-300 underline-offset-2 hover:underline"
        aria-expanded={open}
        aria-controls={regionId}
        aria-label={`${open ? "Hide" : "Show"} the JSON of ${policyName}`}
        onClick={toggle}
      >
        {open ? "Hide the JSON" : "Show the JSON"}
      </button>
      <div id={regionId} hidden={!open} className="mt-1 w-full" data-testid="policy-json">
        {load.state === "loading" ? <p className="text-xs text-slate-500 dark:text-slate-400">Loading {policyName}…</p> : null}
        {load.state === "error" ? (
          <p role="alert" className="text-xs text-red-800 dark:text-red-200">
            {load.message}{" "}
            <button type="button" className="underline" onClick={() => void fetchDocument()}>
              Retry
            </button>
          </p>
        ) : null}
        {load.state === "done" ? (
          <pre
            className="max-h-80 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100 dark:ring-1 dark:ring-slate-700"
            role="region"
            tabIndex={0}
            aria-label={`${policyName} policy JSON`}
          >
            {load.document.content}
          </pre>
        ) : null}
      </div>
    </>
  );
}
