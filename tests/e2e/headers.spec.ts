import type { APIResponse } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// The security headers as the browser gets them: a Content-Security-Policy with a fresh nonce on pages, redirects
// and API answers (Next.js's scripts carry that nonce), the fixed headers from next.config.ts, and the console
// redirect's no-referrer. Every other spec checks, through ./helpers, that no page it visits breaks the policy.

/** The policy as directive name → sources (of an API answer or a page's document). */
function cspOf(response: { headers(): Record<string, string>; url(): string }): Map<string, string[]> {
  const header = response.headers()["content-security-policy"];
  expect(header, `Content-Security-Policy on ${response.url()}`).toBeTruthy();
  return new Map(
    header!
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function nonceOf(csp: Map<string, string[]>): string {
  const source = csp.get("script-src")?.find((s) => s.startsWith("'nonce-"));
  expect(source, "script-src has a nonce").toBeTruthy();
  return source!.slice("'nonce-".length, -1);
}

function expectStrictPolicy(csp: Map<string, string[]>) {
  expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonceOf(csp)}'`, "'strict-dynamic'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'self'"]);
  // The demo's regions, and the sandbox AWS whose StreamUrl is a ws:// URL on its own host.
  const connect = csp.get("connect-src") ?? [];
  expect(connect).toEqual(expect.arrayContaining(["'self'", "wss://ssmmessages.us-east-1.amazonaws.com", "wss://ssmmessages.eu-west-1.amazonaws.com"]));
  expect(connect.some((s) => s.startsWith("ws://"))).toBe(true);
}

test("pages carry a strict CSP whose fresh nonce is on every script, and the fixed headers", async ({ request }) => {
  const first = await request.get("/signin");
  expect(first.status()).toBe(200);
  const csp = cspOf(first);
  expectStrictPolicy(csp);
  const nonce = nonceOf(csp);
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  const headers = first.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // The demo is served over plain http, where HSTS would mean nothing (and must not be sent).
  expect(headers["strict-transport-security"]).toBeUndefined();

  expect(nonceOf(cspOf(await request.get("/signin")))).not.toBe(nonce);
});

test("the sign-in redirect and the 401 of an API carry the policy too", async ({ request }) => {
  const redirect = await request.get("/organization", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()["location"]).toContain("/signin?callbackUrl=");
  expectStrictPolicy(cspOf(redirect));

  const refused = await request.get("/api/instances");
  expect(refused.status()).toBe(401);
  expectStrictPolicy(cspOf(refused));
  expect(refused.headers()["referrer-policy"]).toBe("same-origin");
});

test("the console redirect answers no-referrer, as does its refusal", async ({ page }) => {
  await signInAs(page, USERS.ada);
  // The organization is synced when the demo starts; until then the role is unknown and the answer is a 4xx.
  let opened: APIResponse | undefined;
  await expect(async () => {
    opened = await page.request.get("/api/console/open?accountId=333333333333&roleName=Admin", { maxRedirects: 0 });
    expect(opened.status()).toBe(302);
  }).toPass({ timeout: 60_000 });
  expect(opened!.headers()["location"]).toMatch(/\/federation\?/);
  expect(opened!.headers()["referrer-policy"]).toBe("no-referrer");
  expect(opened!.headers()["cache-control"]).toContain("no-store");
  expectStrictPolicy(cspOf(opened!));

  // Refused: to the role's page (which says why), with the same headers.
  const refused = await page.request.get("/api/console/open?accountId=333333333333&roleName=NoSuchRole", { headers: { accept: "text/html" }, maxRedirects: 0 });
  expect(refused.status()).toBe(303);
  expect(refused.headers()["location"]).toMatch(/\/accounts\/333333333333\/roles\/NoSuchRole$/);
  expect(refused.headers()["referrer-policy"]).toBe("no-referrer");
  expectStrictPolicy(cspOf(refused));
});

test("the 404 page renders per request with the nonce, and its scripts run", async ({ page }) => {
  await signInAs(page, USERS.nora);
  await expect(page.getByTestId("overview-email")).toHaveText(USERS.nora.email);
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const nonce = nonceOf(cspOf(response!));
  // Every script the server rendered carries this response's nonce. (Chunks the page loads later are inserted by
  // those scripts, which 'strict-dynamic' trusts; they carry no nonce, so the HTML as sent is what is checked.)
  const scriptTags = [...(await response!.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag, tag).toContain(`nonce="${nonce}"`);
  // Next.js's bootstrap script sets window.next: it ran, so the policy let the page's own scripts through.
  expect(await page.evaluate(() => (window as unknown as { next?: { appDir?: boolean } }).next?.appDir)).toBe(true);
});

test("a CSP violation is caught, also on a page the test opens itself (what fails any browser test that causes one)", async ({
  page,
  browser,
  cspViolations,
}) => {
  const own = await browser.newPage();
  for (const [n, p] of [page, own].entries()) {
    await p.goto("/signin");
    await p.evaluate((probe) => {
      new Image().src = `https://csp-probe-${probe}.invalid/pixel.png`;
    }, n);
  }
  await expect
    .poll(() => cspViolations.map((v) => `${v.directive} ${new URL(v.blockedURI).host}`).sort())
    .toEqual(["img-src csp-probe-0.invalid", "img-src csp-probe-1.invalid"]);
  for (const violation of cspViolations) expect(violation.page).toContain("/signin");
  await own.close();
  cspViolations.length = 0;
});
