import { describe, expect, it } from "vitest";
import { formatClockOrTime, formatTime } from "@/lib/util/format-time";

// The one way Gatehouse writes a moment; tests/e2e/accessibility.spec.ts checks every <time> on the pages uses it.
const TIME_PATTERN = /^(\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, )?\d{2}:\d{2}(:\d{2})? UTC$/;

describe("formatTime", () => {
  it("writes day, month, year and the UTC clock, whatever the machine's zone", () => {
    expect(formatTime(new Date("2026-12-02T07:55:12.345Z"))).toBe("2 Dec 2026, 07:55 UTC");
    expect(formatTime("2026-01-31T23:05:00+02:00")).toBe("31 Jan 2026, 21:05 UTC");
    expect(formatTime(Date.UTC(2027, 5, 9, 0, 0, 59))).toBe("9 Jun 2027, 00:00 UTC");
  });

  it("adds seconds only when asked (the audit log)", () => {
    expect(formatTime("2026-12-02T07:05:09Z", { seconds: true })).toBe("2 Dec 2026, 07:05:09 UTC");
  });

  it("says so for a value that is not a time instead of writing 'Invalid Date'", () => {
    expect(formatTime("not a time")).toBe("unknown time");
  });

  it("every output matches the one pattern", () => {
    for (const ms of [0, 1e12, 1.8e12, Date.UTC(2026, 11, 31, 23, 59, 59)]) {
      expect(formatTime(ms)).toMatch(TIME_PATTERN);
      expect(formatTime(ms, { seconds: true })).toMatch(TIME_PATTERN);
    }
  });
});

describe("formatClockOrTime", () => {
  const now = Date.parse("2026-12-02T10:00:00Z");
  it("writes only the clock for a moment within the next day", () => {
    expect(formatClockOrTime("2026-12-02T11:00:00Z", now)).toBe("11:00 UTC");
    expect(formatClockOrTime("2026-12-03T05:30:00Z", now)).toBe("05:30 UTC");
  });
  it("writes the whole time further off", () => {
    expect(formatClockOrTime("2026-12-04T11:00:00Z", now)).toBe("4 Dec 2026, 11:00 UTC");
  });
});
