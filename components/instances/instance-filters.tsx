"use client";
import type { InstanceFilters } from "@/lib/instances/filter-rows";

// Filter bar for the instance table: account, region, status and tag pickers, and a free-text search.

type Choice = { value: string; label: string };

function Picker({ label, value, choices, onChange }: { label: string; value: string; choices: Choice[]; onChange: (value: string) => void }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium text-slate-700 dark:text-slate-300">{label}</span>
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-2 py-1.5"
      >
        <option value="">All</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function InstanceFilterBar({
  filters,
  onChange,
  accounts,
  regions,
  statuses,
  tags,
}: {
  filters: InstanceFilters;
  onChange: (filters: InstanceFilters) => void;
  accounts: { id: string; name: string }[];
  regions: string[];
  statuses: string[];
  tags: string[];
}) {
  const set = (key: keyof InstanceFilters) => (value: string) => onChange({ ...filters, [key]: value || undefined });
  return (
    <form role="search" aria-label="Filter instances" className="flex flex-wrap items-end gap-3" onSubmit={(event) => event.preventDefault()}>
      <label className="flex min-w-60 flex-1 flex-col gap-1 text-sm">
        <span className="font-medium text-slate-700 dark:text-slate-300">Search</span>
        <input
          type="search"
          value={filters.search ?? ""}
          onChange={(event) => set("search")(event.target.value)}
          placeholder="Name, id, IP, tag…"
          className="rounded-md border border-slate-300 dark:border-slate-600 px-2 py-1.5"
        />
      </label>
      <Picker
        label="Account"
        value={filters.accountId ?? ""}
        choices={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` }))}
        onChange={set("accountId")}
      />
      <Picker label="Region" value={filters.region ?? ""} choices={regions.map((r) => ({ value: r, label: r }))} onChange={set("region")} />
      <Picker label="Status" value={filters.status ?? ""} choices={statuses.map((s) => ({ value: s, label: s }))} onChange={set("status")} />
      <Picker label="Tag" value={filters.tag ?? ""} choices={tags.map((t) => ({ value: t, label: t }))} onChange={set("tag")} />
    </form>
  );
}
