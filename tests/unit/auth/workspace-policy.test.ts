import { describe, expect, it } from "vitest";
import { checkWorkspaceClaims, type WorkspaceClaims } from "@/lib/auth/workspace-policy";

const allowed = { allowedDomains: ["example.com"] };

const dana: WorkspaceClaims = {
  sub: "100000000000000000002",
  email: "dana@example.com",
  email_verified: true,
  hd: "example.com",
  name: "Dana Developer",
  picture: "http://localhost:4000/avatar/100000000000000000002.svg",
};

function refusal(claims: WorkspaceClaims, options = allowed) {
  const decision = checkWorkspaceClaims(claims, options);
  if (decision.ok) throw new Error(`expected a refusal, got ${JSON.stringify(decision)}`);
  return decision;
}

describe("checkWorkspaceClaims", () => {
  it("lets in a verified account of the allowed domain", () => {
    expect(checkWorkspaceClaims(dana, allowed)).toEqual({
      ok: true,
      identity: {
        sub: "100000000000000000002",
        email: "dana@example.com",
        name: "Dana Developer",
        hd: "example.com",
        picture: "http://localhost:4000/avatar/100000000000000000002.svg",
      },
    });
  });

  it("matches domains case-insensitively and returns them lower-cased", () => {
    const decision = checkWorkspaceClaims({ ...dana, email: "Dana@Example.COM", hd: "EXAMPLE.com" }, { allowedDomains: ["Example.Com"] });
    expect(decision).toMatchObject({ ok: true, identity: { email: "dana@example.com", hd: "example.com" } });
  });

  it("refuses another organisation's account, telling the person which account they used", () => {
    const olaf = refusal({ ...dana, sub: "100000000000000000004", email: "olaf@other.example", hd: "other.example" });
    expect(olaf.reason).toBe("foreign-domain");
    expect(olaf.message).toBe(
      "Gatehouse is only for example.com accounts. You signed in as olaf@other.example (other.example). " +
        "Sign out of Google or choose another account, then try again.",
    );
  });

  it("lists every allowed domain in the refusal", () => {
    const olaf = refusal({ ...dana, email: "olaf@other.example", hd: "other.example" }, { allowedDomains: ["example.com", "example.org"] });
    expect(olaf.message).toContain("only for example.com or example.org accounts");
  });

  it("refuses a personal Gmail account (no hd claim)", () => {
    const { hd: _hd, ...gary } = { ...dana, email: "gary.personal@gmail.com" };
    const decision = refusal(gary);
    expect(decision.reason).toBe("no-hosted-domain");
    expect(decision.message).toMatch(/^Personal Google accounts can't sign in to Gatehouse\. You signed in as gary\.personal@gmail\.com/);
  });

  it("refuses a Gmail address even when the allowed domain is gmail.com, because only hd proves Workspace", () => {
    const { hd: _hd, ...gary } = { ...dana, email: "gary.personal@gmail.com" };
    expect(refusal(gary, { allowedDomains: ["gmail.com"] }).reason).toBe("no-hosted-domain");
  });

  it("refuses an e-mail outside the signed hosted domain", () => {
    const decision = refusal({ ...dana, email: "dana@other.example" });
    expect(decision.reason).toBe("foreign-domain");
    expect(decision.message).toContain("You signed in as dana@other.example (other.example)");
  });

  it("accepts a secondary domain address only when that domain is allowed too", () => {
    const claims = { ...dana, email: "dana@example.org" };
    expect(checkWorkspaceClaims(claims, { allowedDomains: ["example.com", "example.org"] }).ok).toBe(true);
    expect(refusal(claims).reason).toBe("foreign-domain");
  });

  it.each([
    ["false", false],
    ['the string "true"', "true"],
    ["missing", undefined],
    ["1", 1],
  ])("refuses an unverified e-mail (email_verified %s)", (_label, emailVerified) => {
    const decision = refusal({ ...dana, email: "uma@example.com", email_verified: emailVerified });
    expect(decision.reason).toBe("email-unverified");
    expect(decision.message).toMatch(/^Your Google account's email address isn't verified/);
    expect(decision.message).toContain("uma@example.com");
  });

  it.each([
    ["sub", { ...dana, sub: undefined }],
    ["email", { ...dana, email: "" }],
    ["a usable email", { ...dana, email: "not-an-address" }],
  ])("refuses claims without %s", (_label, claims) => {
    expect(refusal(claims).reason).toBe("missing-claims");
  });

  it("falls back to the e-mail address for a missing name, and null for a missing picture", () => {
    const decision = checkWorkspaceClaims({ ...dana, name: undefined, picture: undefined }, allowed);
    expect(decision).toMatchObject({ ok: true, identity: { name: "dana@example.com", picture: null } });
  });

  it("treats an empty allow-list as a configuration mistake", () => {
    expect(() => checkWorkspaceClaims(dana, { allowedDomains: [" "] })).toThrow(/at least one allowed domain/);
  });
});
