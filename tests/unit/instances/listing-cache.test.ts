import { beforeEach, describe, expect, it } from "vitest";
import { cachedListing, clearListingCache } from "@/lib/instances/listing-cache";

// The short per-user listing cache: repeats within 30 s cost no AWS calls, concurrent loads share one, a Retry
// bypasses it, and failures are never remembered.

beforeEach(() => clearListingCache());

function counter<T>(value: T) {
  let calls = 0;
  return { load: async () => (calls++, value), calls: () => calls };
}

describe("cachedListing", () => {
  it("answers from the cache within the TTL and loads again after it", async () => {
    const source = counter(["i-1"]);
    await cachedListing("k", source.load, { now: 0 });
    await cachedListing("k", source.load, { now: 29_999 });
    expect(source.calls()).toBe(1);
    await cachedListing("k", source.load, { now: 30_000 });
    expect(source.calls()).toBe(2);
  });

  it("shares one load between concurrent callers", async () => {
    let release!: (value: string[]) => void;
    let calls = 0;
    const load = () => {
      calls++;
      return new Promise<string[]>((resolve) => (release = resolve));
    };
    const first = cachedListing("k", load, { now: 0 });
    const second = cachedListing("k", load, { now: 1 });
    release(["i-1"]);
    expect(await first).toEqual(["i-1"]);
    expect(await second).toEqual(["i-1"]);
    expect(calls).toBe(1);
  });

  it("loads again when asked for fresh data, and keeps keys apart", async () => {
    const source = counter(["i-1"]);
    await cachedListing("dana|444444444444|us-east-1", source.load, { now: 0 });
    await cachedListing("dana|444444444444|us-east-1", source.load, { now: 1, fresh: true });
    await cachedListing("ada|444444444444|us-east-1", source.load, { now: 2 });
    expect(source.calls()).toBe(3);
  });

  it("does not remember a failure", async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) throw new Error("unreachable");
      return ["i-1"];
    };
    await expect(cachedListing("k", flaky, { now: 0 })).rejects.toThrow("unreachable");
    await expect(cachedListing("k", flaky, { now: 1 })).resolves.toEqual(["i-1"]);
    expect(calls).toBe(2);
  });
});
