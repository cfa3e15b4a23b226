"use client";
import { useMemo, useState } from "react";
import { InstanceFilterBar } from "@/components/instances/instance-filters";
import { InstancesTable } from "@/components/instances/instances-table";
import { ListingProblems } from "@/components/instances/listing-problems";
import { Time } from "@/components/ui/time";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import { queryFromFilters } from "@/lib/instances/filter-address";
import { filterInstanceRows, listStatusChoices, listTagChoices, type InstanceFilters } from "@/lib/instances/filter-rows";
import type { InstanceListing, ListingProblem } from "@/lib/instances/listing-types";

export function InstancesClient({ initial, initialFilters = {} }: { initial: InstanceListing; initialFilters?: InstanceFilters }) {
  const [listing, setListing] = useState(initial);
  const [filters, setFiltersState] = useState<InstanceFilters>(initialFilters);
  // The address follows the filters (replaced, not pushed: typing in the search box is not a trail of pages).
  const setFilters = (next: InstanceFilters) => {
    setFiltersState(next);
    window.history.replaceState(window.history.state, "", `${window.location.pathname}${queryFromFilters(next)}`);
  };
  const [retrying, setRetrying] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const rows = useMemo(() => filterInstanceRows(listing.instances, filters), [listing.instances, filters]);
  const tags = useMemo(() => listTagChoices(listing.instances), [listing.instances]);
  const statuses = useMemo(() => listStatusChoices(listing.instances), [listing.instances]);

  const reload = async (refresh: string, key: string) => {
    setRetrying(key);
    setFailure(null);
    try {
      const response = await fetch(`/api/instances?refresh=${encodeURIComponent(refresh)}`, { cache: "no-store" });
      const body = (await response.json().catch(() => null)) as (InstanceListing & { message?: string }) | null;
      if (response.ok && body?.instances) setListing(body);
      else setFailure(body?.message ?? `Gatehouse answered HTTP ${response.status}.`);
    } catch {
      setFailure("Gatehouse could not be reached. Check your connection and try again.");
    }
    setRetrying(null);
  };
  const retry = (problem: ListingProblem) => reload(`${problem.accountId}:${problem.region}`, `${problem.accountId}:${problem.region}`);

  if (listing.accounts.length === 0) {
    return (
      <Notice title="No instances to show">
        Your access profiles grant shells on no account and region, so there is nothing to list. Ask an administrator if you need access.
      </Notice>
    );
  }
  const filtered = rows.length !== listing.instances.length;
  return (
    <div className="space-y-4">
      <ListingProblems problems={listing.problems} retrying={retrying} onRetry={(problem) => void retry(problem)} />
      {failure ? (
        <Notice tone="error" title="Refresh failed">
          {failure}
        </Notice>
      ) : null}
      <InstanceFilterBar filters={filters} onChange={setFilters} accounts={listing.accounts} regions={listing.regions} statuses={statuses} tags={tags} />
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600 dark:text-slate-400">
        <p role="status" data-testid="instance-count">
          {filtered ? `${rows.length} of ${listing.instances.length} instances` : `${listing.instances.length} instances`} in {listing.accounts.length}{" "}
          {listing.accounts.length === 1 ? "account" : "accounts"} · as of <Time value={listing.fetchedAt} />
        </p>
        <button type="button" className={buttonStyles.subtle} onClick={() => void reload("all", "all")} disabled={retrying !== null}>
          {retrying === "all" ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {rows.length > 0 ? (
        <InstancesTable rows={rows} />
      ) : (
        <Notice title={listing.instances.length === 0 ? "No instances" : "No instances match"}>
          {listing.instances.length === 0
            ? "No managed instance you may reach was found in your accounts and regions."
            : "No instance matches these filters. Clear the search or pick All in the filters."}
        </Notice>
      )}
    </div>
  );
}
