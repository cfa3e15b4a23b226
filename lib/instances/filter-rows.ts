import type { InstanceRow } from "./listing-types";

// The instance page's filters and search, run in the browser over the listing the server already permitted. They
// only narrow what is shown; access was decided on the server.

export interface InstanceFilters {
  accountId?: string;
  region?: string;
  /** Ping status: Online, ConnectionLost, Inactive. */
  status?: string;
  /** "Key=Value", or "Key" alone for any value. */
  tag?: string;
  /** Free text over name, id, account, IP, platform, host name and tag values; case-insensitive. */
  search?: string;
}

export function parseTagFilter(text: string): { key: string; value?: string } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const at = trimmed.indexOf("=");
  return at < 0 ? { key: trimmed } : { key: trimmed.slice(0, at).trim(), value: trimmed.slice(at + 1).trim() };
}

function haystack(row: InstanceRow): string {
  return [
    row.name ?? "(no Name tag)",
    row.instanceId,
    row.accountId,
    row.accountName,
    row.region,
    row.ipAddress,
    row.platform,
    row.computerName,
    ...Object.entries(row.tags).map(([k, v]) => `${k}=${v}`),
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
}

export function filterInstanceRows(rows: readonly InstanceRow[], filters: InstanceFilters): InstanceRow[] {
  const tag = parseTagFilter(filters.tag ?? "");
  const words = (filters.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (filters.accountId && row.accountId !== filters.accountId) return false;
    if (filters.region && row.region !== filters.region) return false;
    if (filters.status && row.pingStatus !== filters.status) return false;
    if (tag && (!Object.hasOwn(row.tags, tag.key) || (tag.value !== undefined && row.tags[tag.key] !== tag.value))) return false;
    if (words.length > 0) {
      const text = haystack(row);
      if (!words.every((word) => text.includes(word))) return false;
    }
    return true;
  });
}

/** Distinct "Key=Value" pairs in the listing, sorted, for the tag filter's choices. */
export function listTagChoices(rows: readonly InstanceRow[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.entries(row.tags).map(([key, value]) => `${key}=${value}`)))].sort((a, b) => a.localeCompare(b));
}

/** Distinct ping statuses, sorted. */
export const listStatusChoices = (rows: readonly InstanceRow[]) => [...new Set(rows.map((row) => row.pingStatus))].sort();
