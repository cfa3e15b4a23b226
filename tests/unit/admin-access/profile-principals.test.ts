import { describe, expect, it } from "vitest";
import { parseAccessPolicy } from "@/lib/access";
import { mapWithConcurrency, profilePrincipals } from "@/lib/admin-access/profile-principals";
import { readFileSync } from "node:fs";

// Which groups the matrix lists the members of (only those the profiles name), and the bounded-concurrency helper.

describe("profilePrincipals", () => {
  it("collects the demo profiles' groups and people, lower-cased, sorted, once each", () => {
    const parsed = parseAccessPolicy(readFileSync("config/demo/access-profiles.yaml", "utf8"));
    if (!parsed.ok) throw new Error("demo profiles must parse");
    expect(profilePrincipals(parsed.policy)).toEqual({ groups: ["admins@example.com", "developers@example.com"], users: [] });
  });

  it("merges duplicates across profiles and keeps people named by e-mail", () => {
    const profile = (groups: string[], users: string[]) => ({ grantedTo: { groups, users } });
    const policy = { profiles: [profile(["B@example.com", "a@example.com"], ["Zed@example.com"]), profile(["a@example.com"], ["amy@example.com"])] };
    expect(profilePrincipals(policy as never)).toEqual({ groups: ["a@example.com", "b@example.com"], users: ["amy@example.com", "zed@example.com"] });
  });
});

describe("mapWithConcurrency", () => {
  it("never runs more than the limit at once and keeps the input order", async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it("handles an empty list and rejects a limit below one", async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    await expect(mapWithConcurrency([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });

  it("fails with the first task's error", async () => {
    await expect(mapWithConcurrency([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error("two")) : n))).rejects.toThrow("two");
  });
});
