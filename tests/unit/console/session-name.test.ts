import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toSessionName, toTagValue } from "@/lib/aws/session-name";

const VALID = /^[\w+=,.@-]{2,64}$/;

describe("toSessionName (RoleSessionName and SourceIdentity from an email)", () => {
  it("keeps an ordinary email as it is, so the assumed-role ARN names the person", () => {
    expect(toSessionName("dana@example.com")).toBe("dana@example.com");
    expect(toSessionName("first.last+aws@example.co.uk")).toBe("first.last+aws@example.co.uk");
  });

  it("is deterministic and case-insensitive, as Google emails are", () => {
    expect(toSessionName("Dana@Example.COM")).toBe("dana@example.com");
    expect(toSessionName(" dana@example.com ")).toBe(toSessionName("dana@example.com"));
  });

  it("drops accents and replaces characters AWS refuses with '-'", () => {
    expect(toSessionName("josé.müller@example.com")).toBe("jose.muller@example.com");
    expect(toSessionName("o'brien!#$%&*@example.com")).toBe("o-brien------@example.com");
    expect(toSessionName("名前@example.com")).toBe("--@example.com");
  });

  it("shortens long emails to 64 characters, keeping different emails apart with a hash", () => {
    const long = `${"a".repeat(70)}@example.com`;
    const other = `${"a".repeat(70)}@example.org`;
    expect(toSessionName(long)).toHaveLength(64);
    expect(toSessionName(long).startsWith("a".repeat(55))).toBe(true);
    expect(toSessionName(long)).not.toBe(toSessionName(other));
    expect(toSessionName(long)).toBe(toSessionName(long));
  });

  it("never starts with the reserved 'aws:' prefix (SourceIdentity)", () => {
    expect(toSessionName("aws:admin@example.com")).toBe("aws-admin@example.com");
  });

  it("pads a one-character input to AWS's two-character minimum", () => {
    expect(toSessionName("a")).toBe("a-");
  });

  it("always gives 2-64 characters of [\\w+=,.@-] without an aws: prefix, for any input", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }), (input) => {
        const name = toSessionName(input);
        expect(name).toMatch(VALID);
        expect(name.toLowerCase().startsWith("aws:")).toBe(false);
        expect(toSessionName(input)).toBe(name);
      }),
    );
  });
});

describe("toTagValue", () => {
  it("keeps emails and replaces characters session tags refuse", () => {
    expect(toTagValue("dana@example.com")).toBe("dana@example.com");
    expect(toTagValue("o'brien@example.com")).toBe("o-brien@example.com");
    expect(toTagValue("x".repeat(300))).toHaveLength(256);
  });
});
