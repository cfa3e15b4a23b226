import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesPattern } from "@/lib/access";

describe("tag value patterns (IAM StringLike)", () => {
  it.each([
    ["Develop", "Develop", true],
    ["Develop", "develop", false],
    ["Develop", "Develop2", false],
    ["Dev*", "Develop", true],
    ["Dev*", "Dev", true],
    ["*", "", true],
    ["*-prod", "api-prod", true],
    ["*-prod", "api-prod-2", false],
    ["web-?", "web-1", true],
    ["web-?", "web-10", false],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "aXXcYYb", false],
    ["v1.0", "v1x0", false],
    ["(x)+[y]", "(x)+[y]", true],
    ["$HOME", "$HOME", true],
    ["line*", "line1\nline2", true],
  ])("%j against %j is %s", (pattern, value, expected) => {
    expect(matchesPattern(pattern, value)).toBe(expected);
  });

  it("a pattern without wildcards matches exactly itself", () => {
    const plain = fc.string().filter((text) => !/[*?]/.test(text));
    fc.assert(fc.property(plain, plain, (pattern, value) => matchesPattern(pattern, value) === (pattern === value)));
  });

  it("prefix* matches every value that starts with the prefix", () => {
    const plain = fc.string().filter((text) => !/[*?]/.test(text));
    fc.assert(fc.property(plain, fc.string(), (prefix, rest) => matchesPattern(`${prefix}*`, prefix + rest)));
  });
});

describe("pattern matching cost", () => {
  it("stays fast for many wildcards against a long non-matching value", () => {
    const started = performance.now();
    expect(matchesPattern(`${"*a".repeat(60)}*b`, "a".repeat(256))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("counts ? as one character even outside the basic plane", () => {
    expect(matchesPattern("team-?", "team-🚀")).toBe(true);
  });
});
