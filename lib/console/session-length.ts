// Console session lengths in words, shared by server pages and the Open console button.
import { formatClockOrTime } from "@/lib/util/format-time";

/** "45 minutes", "1 hour", "12 hours". */
export function describeSessionLength(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} minutes`;
  const hours = seconds / 3600;
  const shown = Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
  return `${shown} ${hours === 1 ? "hour" : "hours"}`;
}

/** "until 14:05 UTC (58 minutes)" for an expiry time, as seen at `now`. */
export function describeExpiry(expiresAt: Date, now = Date.now()): string {
  const left = Math.max(0, Math.round((expiresAt.getTime() - now) / 1000));
  return `until ${formatClockOrTime(expiresAt, now)} (${describeSessionLength(left)})`;
}
