// Time source for the data channel. Injected so tests can drive retransmission deterministically.

export type TimerHandle = unknown;

export interface Clock {
  /** Unix epoch milliseconds: also written into each frame's CreatedDate, so it must never be 0. */
  now(): number;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
};
