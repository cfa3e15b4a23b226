import type { ConsoleRoleEntry } from "@/lib/console/console-roles";
import { OpenConsoleButton } from "./open-console-button";

// A list of account roles, each with its Open console button. Server component: the entries carry everything the
// button needs, so nothing is fetched per row.
export function ConsoleRoleList({ entries, label, testId }: { entries: ConsoleRoleEntry[]; label: string; testId: string }) {
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label={label} data-testid={testId}>
      {entries.map((entry) => (
        <li key={`${entry.accountId}/${entry.roleName}`} className="flex flex-wrap items-start justify-between gap-3 py-3">
          <div>
            <p className="font-medium">
              {entry.roleName} <span className="font-normal text-slate-600 dark:text-slate-400">in {entry.accountName}</span>
            </p>
            <p className="text-xs text-slate-500 dark:text-slate-400">
              {entry.accountId} · profile {entry.profileId} · console session {entry.details.chained ? "up to " : ""}
              {entry.details.sessionLength}
            </p>
          </div>
          <OpenConsoleButton accountId={entry.accountId} roleName={entry.roleName} accountName={entry.accountName} details={entry.details} />
        </li>
      ))}
    </ul>
  );
}
