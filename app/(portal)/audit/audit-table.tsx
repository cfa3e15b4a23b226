import { Time } from "@/components/ui/time";
import type { AuditRow } from "./audit-query";

// The events as a table: who, when, what, with which outcome and why. Destinations are console pages (never login
// URLs, which are not recorded).

const OUTCOME_STYLE: Record<string, string> = {
  issued: "bg-green-50 dark:bg-green-950 text-green-800 dark:text-green-200",
  allowed: "bg-green-50 dark:bg-green-950 text-green-800 dark:text-green-200",
  denied: "bg-amber-50 dark:bg-amber-950 text-amber-900 dark:text-amber-100",
  error: "bg-red-50 dark:bg-red-950 text-red-800 dark:text-red-200",
};

const dash = <span className="text-slate-400 dark:text-slate-500">-</span>;

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    // Focusable, so keyboard users can scroll it; values that are one long word wrap inside their cell. `relative`
    // keeps absolutely positioned children (sr-only labels) inside it, so they cannot widen the page on a phone.
    <div
      className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900"
      tabIndex={0}
      role="region"
      aria-label="Audit events"
    >
      <table className="min-w-full text-left text-sm" data-testid="audit-table">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 dark:bg-slate-800/60 text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
          <tr>
            {["Who", "When", "Action", "Outcome", "Account", "Role", "Instance", "Session", "Destination", "Reason", "Source IP"].map((name) => (
              <th key={name} scope="col" className="px-3 py-2 font-semibold">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.id} data-testid="audit-row" data-outcome={row.outcome} data-action={row.action} className="align-top">
              <td className="max-w-[14rem] px-3 py-2 [overflow-wrap:anywhere]">
                {row.actorEmail ?? dash}
                {row.via === "cli-token" ? <div className="text-xs text-slate-500 dark:text-slate-400">command line</div> : null}
                {row.profileId ? <div className="text-xs text-slate-500 dark:text-slate-400">profile {row.profileId}</div> : null}
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <Time value={row.at} seconds />
              </td>
              <td className="px-3 py-2 font-mono text-xs">{row.action}</td>
              <td className="px-3 py-2">
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${OUTCOME_STYLE[row.outcome] ?? "bg-slate-100 dark:bg-slate-800"}`}>
                  {row.outcome}
                </span>
                {row.detail ? (
                  <p className="mt-1 max-w-sm text-xs text-slate-600 dark:text-slate-400 [overflow-wrap:anywhere]" data-testid="audit-detail">
                    {row.detail}
                  </p>
                ) : null}
              </td>
              <td className="max-w-[10rem] px-3 py-2 font-mono text-xs [overflow-wrap:anywhere]">{row.accountId ?? dash}</td>
              <td className="max-w-[12rem] px-3 py-2 [overflow-wrap:anywhere]">{row.roleName ?? dash}</td>
              <td className="max-w-[12rem] px-3 py-2 font-mono text-xs [overflow-wrap:anywhere]">
                {row.instanceId ?? dash}
                {row.region ? <div className="text-slate-500 dark:text-slate-400">{row.region}</div> : null}
              </td>
              <td className="max-w-[14rem] px-3 py-2 font-mono text-xs [overflow-wrap:anywhere]" data-testid="audit-session">
                {row.sessionId ?? dash}
              </td>
              <td className="max-w-xs break-all px-3 py-2 text-xs">{row.destination ?? dash}</td>
              <td className="max-w-xs px-3 py-2 text-xs [overflow-wrap:anywhere]">{row.reason ?? dash}</td>
              <td className="px-3 py-2 font-mono text-xs">{row.sourceIp ?? dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
