"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { Time } from "@/components/ui/time";
import type { SessionRow } from "@/lib/instances/session-types";
import { requestTerminate } from "@/lib/shell/shell-api";

// Shell sessions with their live status and a Terminate button where the viewer may end the session.

// Only a connected session is green: one still "Connecting" may never have reached the instance.
const STATUS_STYLE = new Map<string, string>([
  ["Connected", "bg-green-50 dark:bg-green-950 text-green-800 dark:text-green-200 ring-green-200 dark:ring-green-800"],
  ["Connecting", "bg-sky-50 dark:bg-sky-950 text-sky-900 dark:text-sky-100 ring-sky-200 dark:ring-sky-800"],
  ["Disconnected", "bg-amber-50 dark:bg-amber-950 text-amber-900 dark:text-amber-100 ring-amber-200 dark:ring-amber-800"],
  ["Failed", "bg-red-50 dark:bg-red-950 text-red-800 dark:text-red-200 ring-red-200 dark:ring-red-800"],
]);
const when = (iso: string | null) => (iso ? <Time value={iso} /> : "—");

function TerminateButton({ row }: { row: SessionRow }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const terminate = async () => {
    if (!window.confirm(`Terminate session ${row.sessionId} on ${row.instanceId}? Its shell or forwarded connections end at once.`)) return;
    setBusy(true);
    setProblem(null);
    const answer = await requestTerminate(row.sessionId);
    setBusy(false);
    if (!answer.ok) return setProblem(answer.message);
    router.refresh();
  };
  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        className={buttonStyles.danger}
        onClick={() => void terminate()}
        disabled={busy}
        aria-label={`${busy ? "Terminating" : "Terminate"} session ${row.sessionId}`}
      >
        {busy ? "Terminating…" : "Terminate"}
      </button>
      {problem ? (
        <p role="alert" className="max-w-xs text-xs text-red-800 dark:text-red-200">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

export function SessionsTable({ rows, showUser }: { rows: SessionRow[]; showUser: boolean }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900">
      <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-700 text-sm" data-testid="sessions-table">
        <caption className="sr-only">Shell sessions</caption>
        <thead className="bg-slate-50 dark:bg-slate-800/60 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          <tr>
            {showUser ? (
              <th scope="col" className="px-3 py-2">
                User
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2">
              Instance
            </th>
            <th scope="col" className="px-3 py-2">
              Account / region
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Started
            </th>
            <th scope="col" className="px-3 py-2">
              Ended
            </th>
            <th scope="col" className="px-3 py-2">
              Reason
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.sessionId} data-testid="session-row" data-session-id={row.sessionId} data-status={row.status} className="align-top">
              {showUser ? <td className="px-3 py-2">{row.userEmail}</td> : null}
              <td className="px-3 py-2">
                <span className="font-mono text-xs">{row.instanceId}</span>
                {row.forward ? (
                  <div className="text-xs text-slate-600 dark:text-slate-400" data-testid="session-forward">
                    Forwarding to {row.forward}
                  </div>
                ) : null}
                <div className="font-mono text-xs text-slate-500 dark:text-slate-400" title="Session id">
                  {row.sessionId}
                </div>
              </td>
              <td className="px-3 py-2">
                {row.accountName} ({row.accountId})
                <div className="text-xs text-slate-500 dark:text-slate-400">
                  {row.region} · {row.roleName}
                </div>
              </td>
              <td className="px-3 py-2">
                <span
                  className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE.get(row.status) ?? "bg-slate-50 dark:bg-slate-800/60 text-slate-700 dark:text-slate-300 ring-slate-200 dark:ring-slate-700"}`}
                >
                  {row.status}
                </span>
                {row.statusFromAws ? null : <div className="text-xs text-slate-500 dark:text-slate-400">last known</div>}
                {row.details ? <div className="text-xs text-slate-500 dark:text-slate-400">{row.details}</div> : null}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{when(row.startedAt)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{when(row.endedAt)}</td>
              <td className="px-3 py-2">{row.reason ?? <span className="text-slate-400 dark:text-slate-500">—</span>}</td>
              <td className="px-3 py-2">{row.canTerminate ? <TerminateButton row={row} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
