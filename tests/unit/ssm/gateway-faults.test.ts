import { describe, expect, it, vi } from "vitest";
import { FaultInjector } from "@/sandbox/aws/gateway/faults";

const frames = (n: number) => Array.from({ length: n }, (_, i) => new Uint8Array([i & 0xff, i >> 8]));
const id = (f: Uint8Array) => f[0]! | (f[1]! << 8);

describe("gateway fault injection", () => {
  it("passes frames through untouched when off", () => {
    const injector = new FaultInjector();
    const out: number[] = [];
    const { send } = injector.wrap((f) => out.push(id(f)));
    for (const f of frames(100)) send(f);
    expect(out).toEqual([...Array(100).keys()]);
  });

  it("drops, duplicates and reorders at roughly the given rates, the same way for the same seed", () => {
    vi.useFakeTimers();
    try {
      const run = (seed: number) => {
        const injector = new FaultInjector();
        injector.set({ drop: 0.1, duplicate: 0.1, reorder: 0.1, seed });
        const out: number[] = [];
        const { send } = injector.wrap((f) => out.push(id(f)));
        for (const f of frames(2000)) send(f);
        vi.runAllTimers();
        return { out, stats: { ...injector.stats } };
      };
      const a = run(42);
      expect(run(42)).toEqual(a);
      expect(run(43).out).not.toEqual(a.out);
      for (const kind of ["dropped", "duplicated", "reordered"] as const) {
        expect(a.stats[kind]).toBeGreaterThan(100);
        expect(a.stats[kind]).toBeLessThan(300);
      }
      const outOfOrder = a.out.filter((v, i) => i > 0 && v < a.out[i - 1]!).length;
      expect(outOfOrder).toBeGreaterThan(50);
      expect(new Set(a.out).size).toBe(2000 - a.stats.dropped);
    } finally {
      vi.useRealTimers();
    }
  });
});
