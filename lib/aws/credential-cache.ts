import "server-only";

// Temporary credentials kept in memory until shortly before they expire, so opening the console or a shell twice
// costs one AssumeRole. Concurrent misses for the same key share one load (20 clicks → 1 STS call), and the map is
// bounded (least recently used entries go first) so a long-running server cannot grow without limit.
// Entries never leave the process: no logging, no serialisation.

export interface Expiring {
  expiresAt: Date;
}

export interface CredentialCacheOptions {
  /** Most entries kept; the least recently used is dropped beyond it. */
  maxEntries?: number;
  /** An entry is served only while it has more than this left (default five minutes). */
  refreshMarginMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export class CredentialCache<T extends Expiring> {
  private readonly entries = new Map<string, T>();
  private readonly loading = new Map<string, Promise<T>>();
  private readonly maxEntries: number;
  private readonly marginMs: number;
  private readonly now: () => number;

  constructor(options: CredentialCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 5000);
    this.marginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * The cached value for `key` if still fresh enough, else the result of one shared `load()`. With `minRemainingMs`,
   * a cached value with less life left than that is replaced by a fresh load (a console session lasts only as long
   * as the credentials it is made from); a load already under way is fresh and is shared.
   */
  async get(key: string, load: () => Promise<T>, options: { minRemainingMs?: number } = {}): Promise<T> {
    const fresh = this.peek(key);
    if (fresh && (options.minRemainingMs === undefined || fresh.expiresAt.getTime() - this.now() >= options.minRemainingMs)) return fresh;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const started = load().then(
      (value) => {
        this.loading.delete(key);
        this.store(key, value);
        return value;
      },
      (error: unknown) => {
        // A failure is not cached: the next request tries AWS again (throttling, a fixed trust policy).
        this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, started);
    return started;
  }

  /** The cached value if it has more than the margin left; a stale one is dropped. */
  peek(key: string): T | undefined {
    const value = this.entries.get(key);
    if (!value) return undefined;
    if (!this.isFresh(value)) {
      this.entries.delete(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks the entry as most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private isFresh(value: T): boolean {
    return value.expiresAt.getTime() - this.marginMs > this.now();
  }

  private store(key: string, value: T): void {
    if (!this.isFresh(value)) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
