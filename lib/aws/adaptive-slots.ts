// A counting semaphore whose width adapts to throttling (AIMD, as TCP does with congestion): a throttled answer
// halves the number of calls allowed in flight, and every round of successes (as many as the current width) adds one
// back, up to the configured maximum. One burst of throttling halves the width once: answers to calls that were
// sent before the last halving say nothing about the new width. Calls already in flight are never cancelled; a
// smaller width just holds back the next ones.
//
// Waiting calls are let in by priority, first come first served within one: a caller that knows its critical path
// (the one long chain of pages that bounds the whole job) puts it first, so it never queues behind work that could
// wait. A caller may also keep a slot for a priority while a chain of it is under way (`keepSlot`): lower
// priorities then run in one slot fewer, so the chain's next page never waits for a slot at all. At least one slot
// always stays open to the rest.

export type SlotStats = {
  /** The width now. */
  limit: number;
  /** The narrowest it has been. */
  minLimit: number;
  /** The most calls it let run at once. */
  peakInFlight: number;
  /** Times it halved. */
  decreases: number;
};

/** One permit: `release` frees it; `throttled`/`succeeded` report how the call it covered went. */
export type Permit = { release: () => void; throttled: () => void; succeeded: () => void };

export class AdaptiveSlots {
  private limit: number;
  private minLimit: number;
  private inFlight = 0;
  private peakInFlight = 0;
  private decreases = 0;
  /** Successes since the width last changed. */
  private streak = 0;
  /** Bumped on every halving: permits taken before it cannot halve again. */
  private epoch = 0;
  /** One queue per priority, highest last. */
  private readonly waiting: Array<Array<() => void>> = [];
  private waitingCount = 0;
  /** Slots kept, by the priority they are kept for. */
  private readonly kept = new Map<number, number>();

  constructor(
    private readonly max: number,
    private readonly adaptive = true,
  ) {
    this.max = Math.max(1, Math.floor(max));
    this.limit = this.max;
    this.minLimit = this.max;
  }

  stats(): SlotStats {
    return { limit: this.limit, minLimit: this.minLimit, peakInFlight: this.peakInFlight, decreases: this.decreases };
  }

  /** A slot; `priority` (a small whole number, default 0) orders the wait: higher first. */
  async acquire(priority = 0): Promise<Permit> {
    // A waiting call is handed its slot by wake(), which counts it in flight before resolving.
    const level = Math.max(0, Math.min(15, Math.floor(priority)));
    if (this.inFlight < this.widthFor(level) && this.waitingCount === 0) this.inFlight += 1;
    else
      await new Promise<void>((resolve) => {
        while (this.waiting.length <= level) this.waiting.push([]);
        this.waiting[level]!.push(resolve);
        this.waitingCount += 1;
        // Lower priorities may be waiting only because of a kept slot that this call may use.
        this.wake();
      });
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const epoch = this.epoch;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.wake();
      },
      throttled: () => this.onThrottled(epoch),
      succeeded: () => this.onSuccess(),
    };
  }

  async run<T>(task: (permit: Permit) => Promise<T>, priority = 0): Promise<T> {
    const permit = await this.acquire(priority);
    try {
      return await task(permit);
    } finally {
      permit.release();
    }
  }

  private onThrottled(epoch: number): void {
    if (!this.adaptive || epoch !== this.epoch) return;
    this.epoch += 1;
    this.streak = 0;
    this.decreases += 1;
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.minLimit = Math.min(this.minLimit, this.limit);
  }

  private onSuccess(): void {
    if (!this.adaptive || this.limit >= this.max) return;
    this.streak += 1;
    if (this.streak < this.limit) return;
    this.streak = 0;
    this.limit += 1;
    this.wake();
  }

  /** Keeps one slot for calls of `priority` (and above) until the returned function is called. */
  keepSlot(priority: number): () => void {
    this.kept.set(priority, (this.kept.get(priority) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.kept.set(priority, this.kept.get(priority)! - 1);
      this.wake();
    };
  }

  /** How many calls of this priority may be in flight: the width less the slots kept for higher priorities. */
  private widthFor(priority: number): number {
    let kept = 0;
    for (const [level, count] of this.kept) if (level > priority) kept += count;
    return Math.max(1, this.limit - kept);
  }

  /** Lets waiting calls in, highest priority first, while there is room for them. */
  private wake(): void {
    while (this.waitingCount > 0) {
      const level = this.waiting.findLastIndex((queue) => queue.length > 0);
      if (this.inFlight >= this.widthFor(level)) return;
      const queue = this.waiting[level]!;
      this.inFlight += 1;
      this.waitingCount -= 1;
      queue.shift()!();
    }
  }
}
