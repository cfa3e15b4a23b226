// A counting semaphore whose width adapts to throttling (AIMD, as TCP does with congestion): a throttled answer
// halves the number of calls allowed in flight, and every round of successes (as many as the current width) adds one
// back, up to the configured maximum. One burst of throttling halves the width once: answers to calls that were
// sent before the last halving say nothing about the new width. Calls already in flight are never cancelled; a
// smaller width just holds back the next ones.

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
  private readonly waiting: Array<() => void> = [];

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

  async acquire(): Promise<Permit> {
    // A waiting call is handed its slot by wake(), which counts it in flight before resolving.
    if (this.inFlight < this.limit && this.waiting.length === 0) this.inFlight += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
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

  async run<T>(task: (permit: Permit) => Promise<T>): Promise<T> {
    const permit = await this.acquire();
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

  /** Lets waiting calls in while there is room under the current width. */
  private wake(): void {
    while (this.inFlight < this.limit && this.waiting.length > 0) {
      this.inFlight += 1;
      this.waiting.shift()!();
    }
  }
}
