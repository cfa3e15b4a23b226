import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

const base = "https://gatehouse.example.com";

describe("safeCallbackPath", () => {
  it.each([
    ["/organization?q=api", "/organization?q=api"],
    [`${base}/instances`, "/instances"],
    ["instances", "/instances"],
  ])("keeps a path on Gatehouse: %s", (input, expected) => {
    expect(safeCallbackPath(input, base)).toBe(expected);
  });

  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://gatehouse.example.com/downgraded",
    "/api/auth/signout",
    "/signin?callbackUrl=https://evil.example",
  ])("sends anything else to the home page: %s", (input) => {
    expect(safeCallbackPath(input, base)).toBe("/");
  });
});
