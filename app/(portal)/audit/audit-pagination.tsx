import Link from "next/link";
import type { AuditFilter } from "./audit-query";

function pageHref(filter: AuditFilter, page: number): string {
  const query = new URLSearchParams();
  if (filter.actor) query.set("actor", filter.actor);
  if (filter.action) query.set("action", filter.action);
  if (filter.outcome) query.set("outcome", filter.outcome);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/audit?${text}` : "/audit";
}

export function AuditPagination({ filter, hasMore }: { filter: AuditFilter; hasMore: boolean }) {
  if (filter.page === 1 && !hasMore) return null;
  return (
    <nav aria-label="Audit log pages" className="flex items-center gap-4 text-sm">
      {filter.page > 1 ? (
        <Link className="text-brand-700 dark:text-brand-300 underline" href={pageHref(filter, filter.page - 1)}>
          Newer events
        </Link>
      ) : null}
      <span>Page {filter.page}</span>
      {hasMore ? (
        <Link className="text-brand-700 dark:text-brand-300 underline" href={pageHref(filter, filter.page + 1)}>
          Older events
        </Link>
      ) : null}
    </nav>
  );
}
