import { describe, expect, it } from "vitest";
import { AdaptiveSlots } from "@/lib/aws/adaptive-slots";

// The organization sync's call pool: its width adapts to throttling, waiting calls go in by priority, and a slot can
// be kept for a priority while a chain of its pages is under way.

/** Starts a task that holds its slot until `finish()`; `started` tells whether it got one yet. */
function hold(slots: AdaptiveSlots, label: string, order: string[], priority = 0) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const task = slots.run(async () => {
    order.push(label);
    await done;
  }, priority);
  return { finish, task };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("AdaptiveSlots", () => {
  it("lets waiting calls in by priority, first come first served within one", async () => {
    const slots = new AdaptiveSlots(1);
    const order: string[] = [];
    const first = hold(slots, "first", order);
    const waiting = [hold(slots, "low-1", order, 0), hold(slots, "high-1", order, 2), hold(slots, "mid", order, 1), hold(slots, "high-2", order, 2)];
    await tick();
    expect(order).toEqual(["first"]);
    first.finish();
    for (const task of waiting) {
      await tick();
      task.finish();
    }
    await Promise.all(waiting.map((task) => task.task));
    expect(order).toEqual(["first", "high-1", "high-2", "mid", "low-1"]);
  });

  it("keeps a slot for a priority: lower ones run in one fewer, the kept one never waits", async () => {
    const slots = new AdaptiveSlots(3);
    const order: string[] = [];
    const release = slots.keepSlot(2);
    const low = [hold(slots, "low-1", order), hold(slots, "low-2", order), hold(slots, "low-3", order)];
    await tick();
    expect(order).toEqual(["low-1", "low-2"]); // the third slot is kept
    const chain = hold(slots, "chain", order, 2);
    await tick();
    expect(order).toEqual(["low-1", "low-2", "chain"]);
    chain.finish();
    await chain.task;
    await tick();
    expect(order).toEqual(["low-1", "low-2", "chain"]); // still kept while the chain lasts
    release();
    await tick();
    expect(order).toEqual(["low-1", "low-2", "chain", "low-3"]);
    low.forEach((task) => task.finish());
    await Promise.all(low.map((task) => task.task));
    expect(slots.stats().peakInFlight).toBe(3);
  });

  it("always leaves one slot to the rest, however many are kept", async () => {
    const slots = new AdaptiveSlots(2);
    const order: string[] = [];
    slots.keepSlot(2);
    slots.keepSlot(2);
    const low = hold(slots, "low", order);
    await tick();
    expect(order).toEqual(["low"]);
    low.finish();
    await low.task;
  });

  it("halves on throttling and grows back by one per round of successes", async () => {
    const slots = new AdaptiveSlots(8);
    const permit = await slots.acquire();
    permit.throttled();
    permit.release();
    expect(slots.stats()).toMatchObject({ limit: 4, minLimit: 4, decreases: 1 });
    for (let i = 0; i < 4; i++) {
      const next = await slots.acquire();
      next.succeeded();
      next.release();
    }
    expect(slots.stats().limit).toBe(5);
  });
});
