import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { signInCallbackPath } from "@/lib/auth/sign-in-messages";
import { signInRedirectUrl, wantsSignInPage } from "@/lib/auth/sign-in-redirect";

// Signed out on a deep link: sign in, then continue to the same address, and never anywhere else. The callback
// arrives once decoded (the sign-in page's query) and is checked again by next-auth's redirect callback.

const base = "https://gatehouse.example.com";
const HOSTILE = [
  "//evil.com",
  "/\\evil.com",
  "\\\\evil.com",
  "https://evil",
  "https://evil.com/accounts/444444444444",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "\t//evil.com",
  "/\t/evil.com",
  "//evil.com@gatehouse.example.com",
  "https://gatehouse.example.com@evil.com/",
  "http://gatehouse.example.com/downgraded",
];

describe("the address to continue to after sign-in", () => {
  it.each(HOSTILE)("refuses %j: home page instead", (input) => {
    expect(safeCallbackPath(input, base)).toBe("/");
    expect(signInCallbackPath(input)).toBe("/");
  });

  // Encoded once more: after one decoding they are paths on Gatehouse (never a host), or refused.
  it.each(["%2F%2Fevil.com", "/%2F%2Fevil.com", "/%5Cevil.com", "%2F%5Cevil.com", "javascript%3Aalert(1)", "%252F%252Fevil.com"])(
    "keeps %j on Gatehouse",
    (input) => {
      const path = safeCallbackPath(input, base);
      expect(new URL(path, base).origin).toBe(base);
      expect(path.startsWith("//") || path.startsWith("/\\")).toBe(false);
    },
  );

  it("keeps the deep links people share", () => {
    for (const path of [
      "/accounts/444444444444/roles/Developer",
      "/instances/i-0abc?account=444444444444&region=us-east-1",
      "/organization?node=ou-gh00-service1",
      "/shell/dana%40example.com-0123",
      "/api/console/open?accountId=444444444444&roleName=Developer",
    ]) {
      expect(signInCallbackPath(path)).toBe(path);
    }
  });

  it("never yields another origin, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.constantFrom(...HOSTILE).chain((h) => fc.string().map((s) => h + s)),
        ),
        (input) => {
          const path = signInCallbackPath(input);
          expect(path.startsWith("/")).toBe(true);
          expect(path.startsWith("//") || path.startsWith("/\\")).toBe(false);
          expect(new URL(path, base).origin).toBe(base);
        },
      ),
      { numRuns: 2000, seed: 10 },
    );
  });
});

describe("which signed-out requests go to sign-in", () => {
  it("sends pages and followed console links to sign-in, other APIs get 401", () => {
    expect(wantsSignInPage("GET", "/accounts/444444444444", "text/html")).toBe(true);
    expect(wantsSignInPage("GET", "/api/console/open", "text/html,application/xhtml+xml")).toBe(true);
    expect(wantsSignInPage("GET", "/api/console/open", "application/json")).toBe(false);
    expect(wantsSignInPage("POST", "/api/console/open", "text/html")).toBe(false);
    expect(wantsSignInPage("GET", "/api/instances", "text/html")).toBe(false);
  });

  it("continues to the same path and query on Gatehouse's own origin (a console link: to its role's page)", () => {
    const url = signInRedirectUrl(base, "/api/console/open", "?accountId=444444444444&roleName=Developer");
    expect(url.origin).toBe(base);
    expect(url.pathname).toBe("/signin");
    expect(url.searchParams.get("callbackUrl")).toBe("/accounts/444444444444/roles/Developer");
    expect(signInRedirectUrl(base, "/instances/i-0abc", "?account=444444444444&region=us-east-1").searchParams.get("callbackUrl")).toBe(
      "/instances/i-0abc?account=444444444444&region=us-east-1",
    );
    expect(signInRedirectUrl(base, "/api/console/open", "?accountId=//evil.com&roleName=x").searchParams.get("callbackUrl")).toBe("/");
  });
});
