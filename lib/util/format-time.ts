// How Gatehouse writes a moment, everywhere: "2 Dec 2026, 07:55 UTC" (seconds where they matter: the audit log).
// One zone (UTC) on every page, the server's and the browser's alike, so a time a person reads matches the audit
// record an administrator reads, and server-rendered pages hydrate without a mismatch.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n: number) => String(n).padStart(2, "0");

/** "2 Dec 2026, 07:55 UTC"; with `seconds`, "2 Dec 2026, 07:55:12 UTC". */
export function formatTime(value: Date | string | number, options: { seconds?: boolean } = {}): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return "unknown time";
  const clock = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}${options.seconds ? `:${pad(at.getUTCSeconds())}` : ""}`;
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}, ${clock} UTC`;
}

/** "07:55 UTC" for a moment within the next day (a session end), else the whole formatTime(). */
export function formatClockOrTime(value: Date | string | number, now = Date.now()): string {
  const at = new Date(value);
  const sameDay = Math.abs(at.getTime() - now) < 20 * 3600_000;
  return sameDay ? `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC` : formatTime(at);
}
