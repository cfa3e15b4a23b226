import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { OUTCOMES, type AuditFilter } from "./audit-query";

// Filters as a plain GET form: works without JavaScript, and every filtered view has its own shareable URL.
export function AuditFilters({ filter, actions, showActor }: { filter: AuditFilter; actions: string[]; showActor: boolean }) {
  const field = "rounded border border-slate-300 dark:border-slate-600 px-2 py-1 text-sm";
  return (
    <form
      method="get"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-3"
      aria-label="Filter the audit log"
    >
      {showActor ? (
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Actor (email)</span>
          <input name="actor" type="search" defaultValue={filter.actor ?? ""} className={field} placeholder="dana@example.com" />
        </label>
      ) : null}
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Action</span>
        <select name="action" defaultValue={filter.action ?? ""} className={field}>
          <option value="">Any action</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Outcome</span>
        <select name="outcome" defaultValue={filter.outcome ?? ""} className={field}>
          <option value="">Any outcome</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonStyles.secondary}>
        Filter
      </button>
      <Link href="/audit" className={buttonStyles.subtle}>
        Clear
      </Link>
    </form>
  );
}
