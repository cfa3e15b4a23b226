"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { Time } from "@/components/ui/time";
import type { OrgSyncStatusView, OrgSyncView } from "@/lib/org/sync-status";
import { fetchSyncStatus, OrgApiError, requestSync } from "./org-api";

// When the tree was last read from AWS, whether the newest sync failed (and why), and for administrators a
// "Sync now" button. The button only starts the sync; this then polls the sync record (which any Gatehouse
// instance can answer) and reloads the page's data when it has finished.

const POLL_MS = 1500;

function describeSuccess(sync: OrgSyncView): string {
  const by = sync.trigger === "admin" && sync.triggeredBy ? `by ${sync.triggeredBy}` : sync.trigger === "startup" ? "at start-up" : "on schedule";
  return `${sync.accountCount.toLocaleString("en")} accounts and ${sync.ouCount.toLocaleString("en")} OUs, read ${by} with ${sync.apiCalls.toLocaleString("en")} AWS calls.`;
}

export function SyncStatus({ initial, mayAdminSync }: { initial: OrgSyncStatusView; mayAdminSync: boolean }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [waiting, setWaiting] = useState(initial.lastSync?.status === "running");
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    if (!waiting) return;
    let stopped = false;
    const poll = async () => {
      try {
        const next = await fetchSyncStatus();
        if (stopped) return;
        setStatus(next);
        if (next.lastSync?.status !== "running") {
          setWaiting(false);
          router.refresh();
          return;
        }
      } catch (error) {
        if (stopped) return;
        setProblem(error instanceof OrgApiError ? error.message : "The sync status could not be read.");
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [waiting, router]);

  async function syncNow() {
    setStarting(true);
    setProblem(null);
    try {
      await requestSync();
      setWaiting(true); // started, or already running: either way, wait for it
    } catch (error) {
      setProblem(error instanceof OrgApiError ? error.message : "The sync could not be started.");
    }
    setStarting(false);
  }

  const { lastSync, lastSuccess } = status;
  const failed = lastSync?.status === "failed" ? lastSync : null;
  return (
    <section
      aria-label="Organization sync"
      className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4 text-sm"
      data-testid="org-sync-status"
    >
      <div className="space-y-1" aria-live="polite">
        {lastSuccess?.finishedAt ? (
          <p>
            Last synced <Time value={lastSuccess.finishedAt} />: {describeSuccess(lastSuccess)}
          </p>
        ) : (
          <p>The organization has not been read from AWS yet.</p>
        )}
        {waiting || lastSync?.status === "running" ? (
          <p className="text-slate-600 dark:text-slate-400" data-testid="org-sync-running">
            A sync is running
            {lastSync?.status === "running" ? (
              <>
                {" "}
                (started <Time value={lastSync.startedAt} />)
              </>
            ) : (
              ""
            )}
            ; the tree updates when it finishes.
          </p>
        ) : null}
        {failed ? (
          <p role="alert" className="text-red-800 dark:text-red-200" data-testid="org-sync-failed">
            {/* AWS's reason names principals and roles: useful to the administrators who can fix it, noise to others. */}
            The newest sync (<Time value={failed.startedAt} />) failed
            {mayAdminSync ? `: ${failed.error ?? "no reason was recorded"}` : "; the administrators can see why."}
            {lastSuccess ? " The tree below is from the last successful sync." : ""}
          </p>
        ) : null}
        {problem ? (
          <p role="alert" className="text-red-800 dark:text-red-200">
            {problem}
          </p>
        ) : null}
      </div>
      {mayAdminSync ? (
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={() => void syncNow()}
          disabled={starting || waiting}
          aria-busy={starting || waiting}
          data-testid="org-sync-now"
        >
          {starting || waiting ? "Syncing…" : problem || failed ? "Retry sync" : "Sync now"}
        </button>
      ) : null}
    </section>
  );
}
