import { describe, expect, it } from "vitest";
import { CredentialCache } from "@/lib/aws/credential-cache";

type Entry = { expiresAt: Date; n: number };

function setup(maxEntries = 100) {
  let now = Date.parse("2025-01-01T00:00:00Z");
  const cache = new CredentialCache<Entry>({ maxEntries, now: () => now });
  let loads = 0;
  const loader = (lifetimeMs: number) => async () => ({ expiresAt: new Date(now + lifetimeMs), n: ++loads });
  return { cache, loader, advance: (ms: number) => (now += ms), loads: () => loads };
}

describe("CredentialCache", () => {
  it("serves cached credentials until five minutes before they expire, then loads fresh ones", async () => {
    const { cache, loader, advance, loads } = setup();
    const hour = 3600_000;
    expect((await cache.get("dana|Developer", loader(hour))).n).toBe(1);
    advance(54 * 60_000);
    expect((await cache.get("dana|Developer", loader(hour))).n).toBe(1);
    advance(60_000 + 1); // 55 minutes and a bit: inside the five-minute margin
    expect((await cache.get("dana|Developer", loader(hour))).n).toBe(2);
    expect(loads()).toBe(2);
  });

  it("keeps users and roles apart", async () => {
    const { cache, loader } = setup();
    const a = await cache.get("dana|Developer", loader(3600_000));
    const b = await cache.get("ada|Developer", loader(3600_000));
    const c = await cache.get("dana|ReadOnly", loader(3600_000));
    expect(new Set([a.n, b.n, c.n]).size).toBe(3);
  });

  it("shares one load among concurrent requests for the same key", async () => {
    const { cache, advance } = setup();
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads += 1;
      await gate;
      return { expiresAt: new Date(Date.now() + 10 * 3600_000), n: loads };
    };
    advance(0);
    const all = Array.from({ length: 20 }, () => cache.get("dana|Developer", load));
    release();
    const results = await Promise.all(all);
    expect(loads).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it("does not cache a failure: every waiter sees it, and the next request loads again", async () => {
    const { cache, loader } = setup();
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error("Throttling");
      return loader(3600_000)();
    };
    const results = await Promise.allSettled([cache.get("k", flaky), cache.get("k", flaky)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(cache.get("k", flaky)).resolves.toMatchObject({ n: 1 });
  });

  it("does not keep credentials that are already inside the margin", async () => {
    const { cache, loader, loads } = setup();
    await cache.get("short", loader(4 * 60_000));
    await cache.get("short", loader(4 * 60_000));
    expect(loads()).toBe(2);
    expect(cache.size).toBe(0);
  });

  it("stays within its bound, dropping the least recently used entry", async () => {
    const { cache, loader } = setup(3);
    for (const key of ["a", "b", "c"]) await cache.get(key, loader(3600_000));
    expect(cache.peek("a")).toBeDefined(); // a is now the most recently used
    await cache.get("d", loader(3600_000));
    expect(cache.size).toBe(3);
    expect(cache.peek("b")).toBeUndefined();
    expect(cache.peek("a")).toBeDefined();
    expect(cache.peek("d")).toBeDefined();
  });
});
