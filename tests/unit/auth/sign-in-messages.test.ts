import { describe, expect, it } from "vitest";
import { GENERIC_REFUSAL, GENERIC_SIGN_IN_ERROR, refusalMessage, signInCallbackPath, signInErrorMessage, singleQueryValue } from "@/lib/auth/sign-in-messages";

// The sign-in pages' texts come from query values anyone can write. Object.prototype's keys, huge values and repeated
// keys (arrays) must give the generic text, never a 500 or an object where a string belongs.

const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupGetter__",
];
const HOSTILE: [string, unknown][] = [
  ...PROTOTYPE_KEYS.map((key): [string, unknown] => [key, key]),
  ["a very long value", "A".repeat(100_000)],
  ["a known code made very long", `foreign-domain${" ".repeat(10_000)}`],
  ["a repeated key (array)", ["a", "b"]],
  ["a repeated known code (array)", ["foreign-domain", "foreign-domain"]],
  ["an array holding __proto__", ["__proto__"]],
  ["a known code with other case", "Foreign-Domain"],
  ["a known code with spaces", " foreign-domain "],
  ["a number", 42],
  ["an object", { toString: () => "foreign-domain" }],
  ["null", null],
];

describe("singleQueryValue", () => {
  it("keeps one short string", () => {
    expect(singleQueryValue("abc", 3)).toBe("abc");
    expect(singleQueryValue("", 3)).toBe("");
  });
  it.each([["abcd"], [["a"]], [["a", "b"]], [undefined], [null], [1]])("drops %j", (value) => {
    expect(singleQueryValue(value, 3)).toBeUndefined();
  });
});

describe("refusalMessage", () => {
  it.each(["foreign-domain", "no-hosted-domain", "email-unverified", "missing-claims", "invalid-token", "groups-unavailable"])("explains %s", (reason) => {
    const message = refusalMessage(reason);
    expect(message.reason).toBe(reason);
    expect(message.title).not.toBe(GENERIC_REFUSAL.title);
    expect(typeof message.body).toBe("string");
  });

  it("names a plausible account, and only that", () => {
    expect(refusalMessage("foreign-domain", "olaf@other.example").body).toContain("You signed in as olaf@other.example.");
    expect(refusalMessage("foreign-domain", "<script>@x").body).not.toContain("<script>");
    expect(refusalMessage("foreign-domain", ["a@x.example", "b@x.example"]).body).not.toMatch(/x\.example/);
    expect(refusalMessage("foreign-domain", "a".repeat(300)).body).not.toContain("aaaa");
    expect(refusalMessage("email-unverified", "__proto__").body).toContain("Google has not verified __proto__");
  });

  it.each(HOSTILE)("gives the generic text for %s", (_, reason) => {
    expect(refusalMessage(reason, "someone@example.com")).toStrictEqual({ reason: "unknown", ...GENERIC_REFUSAL });
  });

  it("gives the generic text when there is no reason", () => {
    expect(refusalMessage(undefined)).toStrictEqual({ reason: "unknown", ...GENERIC_REFUSAL });
    expect(refusalMessage("")).toStrictEqual({ reason: "unknown", ...GENERIC_REFUSAL });
  });
});

describe("signInErrorMessage", () => {
  it("has no text when there is no error", () => {
    expect(signInErrorMessage(undefined)).toBeNull();
    expect(signInErrorMessage("")).toBeNull();
  });

  it.each([
    ["OAuthSignin", /could not start the Google sign-in/],
    ["OAuthCallback", /could not be checked/],
    ["Callback", /could not be checked/],
    ["AccessDenied", /was refused/],
    ["SessionRequired", /Please sign in/],
  ])("explains %s", (code, text) => {
    expect(signInErrorMessage(code)).toMatch(text);
  });

  it.each(HOSTILE)("gives the generic text for %s", (_, error) => {
    expect(signInErrorMessage(error)).toBe(GENERIC_SIGN_IN_ERROR);
  });
});

describe("signInCallbackPath", () => {
  it.each([
    ["/organization?q=api", "/organization?q=api"],
    [undefined, "/"],
    ["//evil.example", "/"],
    ["https://evil.example/phish", "/"],
    ["/\\evil.example", "/"],
    ["%E0%A4%A", "/%E0%A4%A"],
    [["/instances", "//evil.example"], "/"],
    [["/instances"], "/"],
    [`/${"a".repeat(5000)}`, "/"],
    ["__proto__", "/__proto__"],
    ["constructor", "/constructor"],
  ])("%j → %s", (input, expected) => {
    expect(signInCallbackPath(input)).toBe(expected);
  });
});
