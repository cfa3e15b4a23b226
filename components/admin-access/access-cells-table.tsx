import type { RoleCell } from "@/lib/admin-access/matrix";

// One row per person × account × role, in a box that scrolls sideways on a phone.

export function AccessCellsTable({ cells }: { cells: readonly RoleCell[] }) {
  const headers = ["Person", "Account", "OU path", "Role", "Profile", "Reason needed"];
  return (
    <div
      className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900"
      tabIndex={0}
      role="region"
      aria-label="Who can reach what"
    >
      <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-700 text-sm" data-testid="access-table">
        <thead className="bg-slate-50 dark:bg-slate-800/60 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className="px-3 py-2">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {cells.map((cell) => (
            <tr key={`${cell.email} ${cell.accountId} ${cell.roleName}`} data-testid="access-row" data-email={cell.email}>
              <td className="px-3 py-2">{cell.email}</td>
              <td className="px-3 py-2">
                {cell.accountName} <span className="text-slate-600 dark:text-slate-400">{cell.accountId}</span>
              </td>
              <td className="px-3 py-2 text-slate-700 dark:text-slate-300">{cell.ouPath.join(" / ") || "root"}</td>
              <td className="px-3 py-2">{cell.roleName}</td>
              <td className="px-3 py-2">{cell.profileId}</td>
              <td className="px-3 py-2">{cell.requireReason ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
