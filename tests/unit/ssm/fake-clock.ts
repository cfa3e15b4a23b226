// Deterministic time for channel tests: intervals and one-shot tasks run only inside advance().
import type { Clock, TimerHandle } from "@/lib/ssm/clock";
import { seededRandom } from "@/sandbox/util/seeded-random";

interface Task {
  fn: () => void;
  at: number;
  every: number | null;
}

export class FakeClock implements Clock {
  time = 1_700_000_000_000;
  private nextId = 1;
  private readonly tasks = new Map<number, Task>();

  now(): number {
    return this.time;
  }
  setInterval(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.tasks.set(id, { fn, at: this.time + ms, every: ms });
    return id;
  }
  clearInterval(handle: TimerHandle): void {
    this.tasks.delete(handle as number);
  }
  schedule(fn: () => void, delayMs: number): void {
    this.tasks.set(this.nextId++, { fn, at: this.time + delayMs, every: null });
  }
  get activeIntervals(): number {
    return [...this.tasks.values()].filter((t) => t.every !== null).length;
  }
  /** Move time forward, running due tasks in time order (ties in creation order). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let dueId = -1;
      let due: Task | undefined;
      for (const [id, task] of this.tasks) {
        if (task.at <= target && (!due || task.at < due.at)) {
          dueId = id;
          due = task;
        }
      }
      if (!due) break;
      this.time = due.at;
      if (due.every === null) this.tasks.delete(dueId);
      else due.at += due.every;
      due.fn();
    }
    this.time = target;
  }
}

/** Small seeded PRNG so a failing seed can be replayed. */
export { seededRandom };
