import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext, type Browser } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// The authorization matrix: every page and every exported method of every route under app/, asked by six callers,
// each answer's status checked. The list of routes is read from the app/ folder, so a route (or a method) added
// without an entry here fails the first test. Expected statuses were reviewed one by one: nothing is reachable
// anonymously but sign-in, next-auth and health; a forged or signed-out cookie is the same as none; the user with no
// groups gets pages that say so and 403s from APIs; each role reaches exactly what its profile grants.

type Caller = "anonymous" | "forged" | "signedOut" | "nora" | "dana" | "ada";
const CALLERS: Caller[] = ["anonymous", "forged", "signedOut", "nora", "dana", "ada"];

interface Probe {
  /** The request: a concrete path (dynamic segments filled in), and a JSON body for POST/DELETE. */
  path: string;
  body?: unknown;
  expect: Record<Caller, number>;
}

const SIGNED_IN_ONLY = (ok: number) => ({ anonymous: 401, forged: 401, signedOut: 401, nora: ok, dana: ok, ada: ok });
const PAGE = (status = 200) => ({ anonymous: 307, forged: 307, signedOut: 307, nora: status, dana: status, ada: status });
const EVERYONE = (status: number) => ({ anonymous: status, forged: status, signedOut: status, nora: status, dana: status, ada: status });
const DEV_PROFILE_ROLE = { accountId: "444444444444", roleName: "Developer" };
const LOOPBACK = {
  state: "matrix-state-0123456789",
  code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  code_challenge_method: "S256",
  device: "matrix",
  code: "BCDF-GHJK",
};
const LOOPBACK_LOGIN = new URLSearchParams({ ...LOOPBACK, redirect_uri: "http://127.0.0.1:49152/callback" }).toString();
const NOT_LOOPBACK = { ...LOOPBACK, redirect_uri: "http://evil.example:49152/callback" };

/** Keyed by "METHOD /route/pattern" as the app/ folder spells it (groups removed). */
const MATRIX: Record<string, Probe> = {
  // Pages
  "GET /": { path: "/", expect: PAGE() },
  "GET /organization": { path: "/organization", expect: PAGE() },
  "GET /instances": { path: "/instances", expect: PAGE() },
  "GET /sessions": { path: "/sessions", expect: PAGE() },
  "GET /audit": { path: "/audit", expect: PAGE() },
  "GET /people": { path: "/people", expect: PAGE() },
  "GET /access": { path: "/access", expect: PAGE() },
  "GET /access/profiles": { path: "/access/profiles", expect: PAGE() },
  "GET /access/profiles/[version]": { path: "/access/profiles/1", expect: PAGE() },
  "GET /access/setup": { path: "/access/setup", expect: PAGE() },
  // Everyone may ask why for themselves; the page shows administrators the person field.
  "GET /access/explain": { path: "/access/explain?kind=console&accountId=444444444444&roleName=Developer", expect: PAGE() },
  "GET /shell/[sessionId]": { path: "/shell/dana%40example.com-0123456789abcdef0", expect: PAGE() },
  // Deep links: a page for everyone signed in, which shows the refusal (with alternatives) to those without access.
  "GET /accounts/[accountId]": { path: "/accounts/444444444444", expect: PAGE() },
  "GET /accounts/[accountId]/roles/[roleName]": { path: "/accounts/333333333333/roles/Admin", expect: PAGE() },
  "GET /instances/[instanceId]": { path: "/instances/i-0123456789abcdef0?account=444444444444&region=us-east-1", expect: PAGE() },
  "GET /signin": { path: "/signin", expect: { anonymous: 200, forged: 200, signedOut: 200, nora: 307, dana: 307, ada: 307 } },
  "GET /signin/refused": { path: "/signin/refused?reason=domain-not-allowed", expect: EVERYONE(200) },
  // next-auth's own routes: public by design (sign-in must be reachable); its CSRF check guards the POSTs.
  "GET /api/auth/[...nextauth]": { path: "/api/auth/session", expect: EVERYONE(200) },
  "POST /api/auth/[...nextauth]": { path: "/api/auth/signout", body: {}, expect: EVERYONE(302) },
  "GET /api/health": { path: "/api/health", expect: EVERYONE(200) },
  "GET /api/health/live": { path: "/api/health/live", expect: EVERYONE(200) },
  "GET /api/health/ready": { path: "/api/health/ready", expect: EVERYONE(200) },
  // Only with METRICS_TOKEN (set for the browser tests): a session, even an administrator's, is no way in.
  "GET /api/metrics": { path: "/api/metrics", expect: EVERYONE(401) },
  // The command line's bundle: public (people download it before they can sign in), and it holds no secret.
  "GET /cli/gatehouse.mjs": { path: "/cli/gatehouse.mjs", expect: EVERYONE(200) },
  // Console
  "POST /api/console": { path: "/api/console", body: DEV_PROFILE_ROLE, expect: { ...SIGNED_IN_ONLY(403), dana: 200 } },
  "GET /api/console/open": { path: "/api/console/open?accountId=444444444444&roleName=Developer", expect: { ...SIGNED_IN_ONLY(403), dana: 302 } },
  "GET /api/console/options": { path: "/api/console/options?accountId=444444444444&roleName=ReadOnly", expect: { ...SIGNED_IN_ONLY(200), nora: 403 } },
  "POST /api/favourites": { path: "/api/favourites", body: DEV_PROFILE_ROLE, expect: { ...SIGNED_IN_ONLY(403), dana: 201 } },
  "DELETE /api/favourites": { path: "/api/favourites", body: DEV_PROFILE_ROLE, expect: SIGNED_IN_ONLY(200) },
  // Organization
  "GET /api/org/nodes": { path: "/api/org/nodes?parent=r-gh00", expect: { ...SIGNED_IN_ONLY(200), nora: 403 } },
  "GET /api/org/nodes/[id]/tags": { path: "/api/org/nodes/444444444444/tags", expect: { ...SIGNED_IN_ONLY(200), nora: 403 } },
  "GET /api/org/search": { path: "/api/org/search?q=API", expect: { ...SIGNED_IN_ONLY(200), nora: 403 } },
  "GET /api/org/policies/[id]": { path: "/api/org/policies/p-FullAWSAccess", expect: { ...SIGNED_IN_ONLY(200), nora: 403 } },
  "GET /api/org/sync": { path: "/api/org/sync", expect: { ...SIGNED_IN_ONLY(200), nora: 403 } },
  "POST /api/org/sync": { path: "/api/org/sync", body: {}, expect: { ...SIGNED_IN_ONLY(403), ada: 202 } },
  // Instances and shells
  "GET /api/instances": { path: "/api/instances", expect: SIGNED_IN_ONLY(200) },
  // Search: everyone signed in gets their own index (Nora's holds only the pages she may open).
  "GET /api/search": { path: "/api/search", expect: SIGNED_IN_ONLY(200) },
  "GET /api/search/instances": { path: "/api/search/instances", expect: SIGNED_IN_ONLY(200) },
  "POST /api/shell": {
    path: "/api/shell",
    body: { accountId: "333333333333", region: "us-east-1", instanceId: "i-0a000000000000001", reason: "matrix" },
    expect: { ...SIGNED_IN_ONLY(403), ada: 201 },
  },
  // Port forwarding: Dana's profile forwards port 5432 from Develop instances (with a reason); Ada's forwards anywhere.
  "POST /api/forward": {
    path: "/api/forward",
    body: {
      accountId: "444444444444",
      region: "us-east-1",
      instanceId: "i-0b000000000000001",
      document: "AWS-StartPortForwardingSession",
      parameters: { portNumber: 5432 },
      reason: "matrix",
    },
    expect: { ...SIGNED_IN_ONLY(403), dana: 201, ada: 201 },
  },
  "POST /api/shell/[sessionId]/resume": { path: "/api/shell/nobody%40example.com-0123456789abcdef0/resume", body: {}, expect: SIGNED_IN_ONLY(404) },
  "GET /api/sessions": { path: "/api/sessions", expect: SIGNED_IN_ONLY(200) },
  "DELETE /api/sessions/[sessionId]": { path: "/api/sessions/nobody%40example.com-0123456789abcdef0", expect: SIGNED_IN_ONLY(404) },
  // Administration
  // Who can reach what: administrators only; the same 403 for everyone else signed in.
  "GET /api/admin/access": { path: "/api/admin/access?account=333333333333&role=Admin", expect: { ...SIGNED_IN_ONLY(403), ada: 200 } },
  "GET /api/admin/access/export": { path: "/api/admin/access/export?format=csv", expect: { ...SIGNED_IN_ONLY(403), ada: 200 } },
  // About someone else: administrators only (Dana asking about herself is allowed).
  "GET /api/access/explain": {
    path: "/api/access/explain?person=dana%40example.com&kind=console&accountId=444444444444&roleName=Developer",
    expect: { ...SIGNED_IN_ONLY(403), dana: 200, ada: 200 },
  },
  "GET /api/admin/policy": { path: "/api/admin/policy", expect: { ...SIGNED_IN_ONLY(403), ada: 200 } },
  // Made from version 0, which never exists: the version check refuses Ada (409), so the probe changes nothing.
  "POST /api/admin/policy": {
    path: "/api/admin/policy",
    body: { text: "version: 1\nprofiles: []\n", message: "matrix probe", expectedVersion: 0 },
    expect: { ...SIGNED_IN_ONLY(403), ada: 409 },
  },
  "POST /api/admin/policy/preview": {
    path: "/api/admin/policy/preview",
    body: { text: "version: 1\nprofiles: []\n" },
    expect: { ...SIGNED_IN_ONLY(403), ada: 200 },
  },
  "POST /api/admin/policy/restore": {
    path: "/api/admin/policy/restore",
    body: { version: 1, expectedVersion: 0 },
    expect: { ...SIGNED_IN_ONLY(403), ada: 409 },
  },
  "GET /api/admin/policy/versions/[version]": { path: "/api/admin/policy/versions/1", expect: { ...SIGNED_IN_ONLY(403), ada: 200 } },
  // The roles in AWS: the generated templates and the setup check (audited; it tries every hop with short sessions).
  "GET /api/admin/iam-template": { path: "/api/admin/iam-template?kind=targets", expect: { ...SIGNED_IN_ONLY(403), ada: 200 } },
  "POST /api/admin/setup-check": { path: "/api/admin/setup-check", body: {}, expect: { ...SIGNED_IN_ONLY(403), ada: 200 } },
  "DELETE /api/people/[sub]/sessions": { path: "/api/people/999999999999999999999/sessions", expect: { ...SIGNED_IN_ONLY(403), ada: 404 } },
  // The command line, in the browser: the page, the approval pages (signed-in people only), their answers (a
  // redirect that is not loopback is refused; a valid approval is driven end to end in cli-login-approval.spec.ts),
  // devices, and Copy temporary credentials (the roles decide() allows: Dana's Developer).
  "GET /cli": { path: "/cli", expect: PAGE() },
  "GET /cli/login": { path: `/cli/login?${LOOPBACK_LOGIN}`, expect: PAGE() },
  "GET /cli/device": { path: "/cli/device", expect: PAGE() },
  "POST /api/cli/login/approve": { path: "/api/cli/login/approve", body: NOT_LOOPBACK, expect: SIGNED_IN_ONLY(400) },
  "POST /api/cli/login/deny": { path: "/api/cli/login/deny", body: NOT_LOOPBACK, expect: SIGNED_IN_ONLY(400) },
  "POST /api/cli/device/approve": { path: "/api/cli/device/approve", body: { user_code: "BBBB-BBBB" }, expect: SIGNED_IN_ONLY(404) },
  "POST /api/cli/device/deny": { path: "/api/cli/device/deny", body: { user_code: "BBBB-BBBB" }, expect: SIGNED_IN_ONLY(404) },
  "DELETE /api/cli/devices/[id]": { path: `/api/cli/devices/${"0".repeat(32)}`, expect: SIGNED_IN_ONLY(404) },
  "POST /api/credentials": { path: "/api/credentials", body: DEV_PROFILE_ROLE, expect: { ...SIGNED_IN_ONLY(403), dana: 200 } },
  // The command-line API: a bearer token or nothing. A browser cookie is nobody there (401 for every caller here);
  // the two login endpoints are public and refuse these empty requests.
  "POST /api/v1/cli/token": { path: "/api/v1/cli/token", body: {}, expect: EVERYONE(400) },
  "POST /api/v1/cli/device": { path: "/api/v1/cli/device", body: {}, expect: EVERYONE(400) },
  "GET /api/v1/me": { path: "/api/v1/me", expect: EVERYONE(401) },
  "GET /api/v1/roles": { path: "/api/v1/roles", expect: EVERYONE(401) },
  "GET /api/v1/admin/policy": { path: "/api/v1/admin/policy", expect: EVERYONE(401) },
  "POST /api/v1/admin/policy": { path: "/api/v1/admin/policy", body: { text: "x", message: "m", expectedVersion: 0 }, expect: EVERYONE(401) },
  "POST /api/v1/admin/policy/preview": { path: "/api/v1/admin/policy/preview", body: { text: "x" }, expect: EVERYONE(401) },
  "GET /api/v1/admin/policy/versions/[version]": { path: "/api/v1/admin/policy/versions/1", expect: EVERYONE(401) },
  "GET /api/v1/admin/iam-template": { path: "/api/v1/admin/iam-template?kind=custodian", expect: EVERYONE(401) },
  "GET /api/v1/instances": { path: "/api/v1/instances", expect: EVERYONE(401) },
  "POST /api/v1/credentials": { path: "/api/v1/credentials", body: { account: "444444444444", role: "Developer" }, expect: EVERYONE(401) },
  "DELETE /api/v1/session": { path: "/api/v1/session", expect: EVERYONE(401) },
  // Sessions from the command line (gatehouse shell, forward, proxy): a token only, so a browser cookie is nobody.
  "POST /api/v1/shell": { path: "/api/v1/shell", body: { instance: "i-0b000000000000001", reason: "matrix" }, expect: EVERYONE(401) },
  "POST /api/v1/forward": {
    path: "/api/v1/forward",
    body: { instance: "i-0b000000000000001", document: "AWS-StartPortForwardingSession", parameters: { portNumber: 5432 }, reason: "matrix" },
    expect: EVERYONE(401),
  },
  "POST /api/v1/sessions/[sessionId]/resume": { path: "/api/v1/sessions/nobody%40example.com-0123456789abcdef0/resume", body: {}, expect: EVERYONE(401) },
  "DELETE /api/v1/sessions/[sessionId]": { path: "/api/v1/sessions/nobody%40example.com-0123456789abcdef0", expect: EVERYONE(401) },
};

const APP = path.resolve(import.meta.dirname, "../../app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every page and route handler method under app/, as "METHOD /pattern". */
function routeTree(): string[] {
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full, /^\(.*\)$/.test(name) ? segments : [...segments, name]);
        continue;
      }
      const pattern = `/${segments.join("/")}`;
      if (name === "page.tsx") found.push(`GET ${pattern}`);
      if (name === "route.ts") {
        const source = readFileSync(full, "utf8");
        for (const method of METHODS) {
          if (new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`).test(source)) found.push(`${method} ${pattern}`);
        }
      }
    }
  };
  walk(APP, []);
  return found.sort();
}

test("every page and route method under app/ has a matrix entry, and every entry a route", () => {
  expect(Object.keys(MATRIX).sort()).toEqual(routeTree());
});

async function signedInContext(browser: Browser, baseURL: string, user: (typeof USERS)[keyof typeof USERS], signOut = false) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInAs(page, user);
  await expect(page.getByTestId("user-name")).toBeVisible();
  const state = await context.storageState();
  if (signOut) {
    await page.getByTestId("user-name").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
  }
  await context.close();
  return state;
}

test.describe("authorization matrix", () => {
  test.describe.configure({ mode: "serial" });
  const callers = new Map<Caller, APIRequestContext>();

  test.beforeAll(async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const base = baseURL!;
    const headers = { origin: base, "sec-fetch-site": "same-origin" };
    const make = (storageState?: Awaited<ReturnType<typeof signedInContext>>) =>
      playwrightRequest.newContext({ baseURL: base, storageState, extraHTTPHeaders: headers, maxRedirects: 0 });
    callers.set("anonymous", await make());
    const forged = {
      cookies: [
        {
          name: "next-auth.session-token",
          value: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged",
          domain: "localhost",
          path: "/",
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: "Lax" as const,
        },
      ],
      origins: [],
    };
    callers.set("forged", await make(forged));
    callers.set("signedOut", await make(await signedInContext(browser, base, USERS.dana, true)));
    callers.set("nora", await make(await signedInContext(browser, base, USERS.nora)));
    callers.set("dana", await make(await signedInContext(browser, base, USERS.dana)));
    callers.set("ada", await make(await signedInContext(browser, base, USERS.ada)));
  });
  test.afterAll(async () => {
    for (const context of callers.values()) await context.dispose();
  });

  for (const [key, probe] of Object.entries(MATRIX)) {
    test(key, async () => {
      const method = key.split(" ")[0]!;
      const seen: Partial<Record<Caller, number>> = {};
      for (const caller of CALLERS) {
        const context = callers.get(caller)!;
        const response = await context.fetch(probe.path, { method, ...(probe.body !== undefined ? { data: probe.body } : {}) });
        seen[caller] = response.status();
        if (response.status() >= 500) throw new Error(`${caller}: ${method} ${probe.path} answered ${response.status()}: ${await response.text()}`);
        if (key === "GET /api/health") {
          const body = (await response.json()) as Record<string, unknown>;
          // Details (latencies, the broker's identity) only for an administrator.
          expect(Object.keys(body).sort(), caller).toEqual(
            caller === "ada" ? expect.arrayContaining(["checkedAt", "database", "aws", "status"]) : ["aws", "database", "status"],
          );
        }
      }
      expect(seen).toEqual(probe.expect);
    });
  }
});
