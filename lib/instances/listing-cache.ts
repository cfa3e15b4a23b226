import "server-only";

// A short-lived per-user cache of one account/region's managed nodes. Listing fans out to every permitted account
// and region, so a page reload or a filter change within seconds must not repeat hundreds of AWS calls; it also
// coalesces concurrent loads of the same target. Only successes are kept: a failed region is asked again next time.

const TTL_MS = 30_000;
const MAX_ENTRIES = 20_000;

type Entry<T> = { at: number; value: Promise<T> };
const entries = new Map<string, Entry<unknown>>();

/** The cached value for `key` if younger than the TTL (and `fresh` is false), else `load()`'s, stored on success. */
export function cachedListing<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean; now?: number } = {}): Promise<T> {
  const now = options.now ?? Date.now();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && !options.fresh && now - hit.at < TTL_MS) return hit.value;
  const value = load();
  if (entries.size >= MAX_ENTRIES) evictOldest(now);
  const entry: Entry<T> = { at: now, value };
  entries.set(key, entry);
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}

function evictOldest(now: number): void {
  for (const [key, entry] of entries) if (now - entry.at >= TTL_MS) entries.delete(key);
  // Still full of fresh entries: drop the oldest half (Map iteration is insertion order).
  if (entries.size >= MAX_ENTRIES) [...entries.keys()].slice(0, MAX_ENTRIES / 2).forEach((key) => entries.delete(key));
}

/** Forget everything (tests, or after the access policy changes). */
export function clearListingCache(): void {
  entries.clear();
}
