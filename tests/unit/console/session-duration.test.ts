import { describe, expect, it } from "vitest";
import { planSessionSeconds } from "@/lib/aws/session-duration";
import { describeExpiry, describeSessionLength } from "@/lib/console/session-length";

describe("planSessionSeconds (AWS duration rules per hop)", () => {
  it("caps a role-chained hop at one hour whatever is configured or asked", () => {
    expect(planSessionSeconds({ chained: true, configured: 43_200 })).toBe(3600);
    expect(planSessionSeconds({ chained: true, configured: 3600, requested: 7200 })).toBe(3600);
    expect(planSessionSeconds({ chained: true, configured: 3600, profileMax: 43_200 })).toBe(3600);
  });

  it("lets a hop made with long-term keys ask for up to the profile's maximum", () => {
    expect(planSessionSeconds({ chained: false, configured: 3600, profileMax: 43_200 })).toBe(43_200);
    expect(planSessionSeconds({ chained: false, configured: 28_800 })).toBe(28_800);
    expect(planSessionSeconds({ chained: false, configured: 43_200, profileMax: 7200 })).toBe(7200);
  });

  it("prefers an explicit request, within the caps", () => {
    expect(planSessionSeconds({ chained: false, configured: 3600, requested: 1800 })).toBe(1800);
    expect(planSessionSeconds({ chained: false, configured: 3600, requested: 99_999 })).toBe(43_200);
    expect(planSessionSeconds({ chained: false, configured: 3600, profileMax: 7200, requested: 10_000 })).toBe(7200);
  });

  it("never goes below AWS's 15-minute minimum", () => {
    expect(planSessionSeconds({ chained: true, configured: 3600, requested: 60 })).toBe(900);
  });
});

describe("session lengths in words", () => {
  it("says minutes below an hour and hours above", () => {
    expect(describeSessionLength(900)).toBe("15 minutes");
    expect(describeSessionLength(3600)).toBe("1 hour");
    expect(describeSessionLength(43_200)).toBe("12 hours");
    expect(describeSessionLength(5400)).toBe("1.5 hours");
  });

  it("describes an expiry as a UTC clock time and what is left", () => {
    const now = Date.parse("2025-01-01T10:00:00Z");
    expect(describeExpiry(new Date(now + 3600_000), now)).toBe("until 11:00 UTC (1 hour)");
  });
});
