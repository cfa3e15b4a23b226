// How long a dropped shell waits between reconnect attempts, and for how long it keeps trying.
// Session Manager keeps a disconnected session resumable (ResumeSession) until its idle timeout ends it:
// `idleSessionTimeout`, 1–60 minutes, 20 by default (docs/session-manager-protocol.md#how-long-a-dropped-session-can-be-resumed).
// Gatehouse cannot read an account's Session Manager preferences, so it assumes the default and lets ResumeSession's
// answer (the session is gone) end the attempts earlier.

/** AWS's default idleSessionTimeout: a session with no client attached is terminated after this. */
export const DEFAULT_IDLE_SESSION_TIMEOUT_MS = 20 * 60_000;

export interface BackoffSettings {
  /** Delay before the second attempt; doubles per attempt (the first attempt after a working shell drops is at once). */
  baseDelayMs: number;
  /** Ceiling of the delay. */
  maxDelayMs: number;
  /** 0 ≤ random() < 1; the delay is drawn between half and all of the doubled value ("equal jitter"). */
  random: () => number;
}

/** The wait before attempt `attempt` (1-based) of one outage. */
export function reconnectDelayMs(attempt: number, settings: BackoffSettings, immediateFirst: boolean): number {
  if (attempt <= 1 && immediateFirst) return 0;
  const doubled = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 2));
  return Math.round(doubled * (0.5 + settings.random() / 2));
}
