import type { InstanceFilters } from "./filter-rows";

// The instance list's filters in its address (/instances?account=…&region=…&status=…&tag=…&q=…), so a filtered
// view can be reloaded, bookmarked and shared. Only strings of bounded length are read; the filters only narrow
// what the server already permitted.

const KEYS: [keyof InstanceFilters, string][] = [
  ["accountId", "account"],
  ["region", "region"],
  ["status", "status"],
  ["tag", "tag"],
  ["search", "q"],
];
const MAX_LENGTH = 200;

/** Filters from a page's query values (repeated keys and overlong values are ignored). */
export function filtersFromQuery(query: Record<string, string | string[] | undefined>): InstanceFilters {
  const filters: InstanceFilters = {};
  for (const [field, key] of KEYS) {
    const value = Object.hasOwn(query, key) ? query[key] : undefined;
    if (typeof value === "string" && value && value.length <= MAX_LENGTH) filters[field] = value;
  }
  return filters;
}

/** "?account=…&q=…", or "" when nothing is filtered. */
export function queryFromFilters(filters: InstanceFilters): string {
  const query = new URLSearchParams();
  for (const [field, key] of KEYS) {
    const value = filters[field];
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}
