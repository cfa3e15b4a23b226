import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import GoogleProvider from "next-auth/providers/google";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyGoogleIdToken } from "@/lib/auth/id-token";
import { checkWorkspaceClaims } from "@/lib/auth/workspace-policy";
import { startGoogleSandbox, type GoogleSandbox } from "@/sandbox/google/start-google-sandbox";

// The sandbox issuer driven over HTTP the way a browser and next-auth drive Google: authorization request,
// account chooser, redirect back with a code, code exchange with PKCE, ID-token verification.

const CLIENT_ID = "gatehouse-test-client";
const CLIENT_SECRET = "gatehouse-test-secret";
const REDIRECT_URI = "http://localhost:3000/api/auth/callback/google";

let sandbox: GoogleSandbox;
let discovery: Record<string, unknown>;

beforeAll(async () => {
  sandbox = await startGoogleSandbox({
    port: 0,
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI], name: "Gatehouse" }],
  });
  discovery = (await (await fetch(`${sandbox.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
});

afterAll(async () => {
  await sandbox?.close();
});

/** A browser stand-in: a cookie jar and redirects followed by hand, so each hop can be inspected. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects until a non-redirect response or a redirect leaving the issuer (to the app's callback). */
  async follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let response = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops += 1) {
      current = new URL(response.headers.get("location") ?? "", current).toString();
      if (!current.startsWith(sandbox.issuer)) return { response, url: current };
      response = await this.request(current);
    }
    return { response, url: current };
  }
}

type Authorization = { browser: Browser; chooserUrl: string; chooserHtml: string; state: string; verifier: string };

async function startAuthorization(browser = new Browser(), extra: Record<string, string> = {}): Promise<Authorization> {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const url = new URL(String(discovery.authorization_endpoint));
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile",
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...extra,
  }).toString();
  const { response, url: chooserUrl } = await browser.follow(url.toString());
  expect(response.status).toBe(200);
  return { browser, chooserUrl, chooserHtml: await response.text(), state, verifier };
}

/** The accessible names of the chooser's account buttons, with the sub each one submits. */
function accountButtons(html: string): { sub: string; label: string }[] {
  return [...html.matchAll(/<button type="submit" name="sub" value="(\d+)" aria-label="([^"]+)"/g)].map((m) => ({
    sub: m[1] as string,
    label: m[2] as string,
  }));
}

async function chooseAccount(auth: Pick<Authorization, "browser" | "chooserUrl" | "chooserHtml">, name: string): Promise<URL> {
  const button = accountButtons(auth.chooserHtml).find((b) => b.label.includes(name));
  if (!button) throw new Error(`no button for ${name}`);
  const { response, url } = await auth.browser.follow(`${auth.chooserUrl}/choose`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ sub: button.sub }),
  });
  expect(response.status).toBe(303);
  return new URL(url);
}

async function exchangeCode(code: string, verifier: string): Promise<Response> {
  return fetch(String(discovery.token_endpoint), {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
}

async function signIn(name: string): Promise<{ idToken: string; accessToken: string }> {
  const auth = await startAuthorization();
  const callback = await chooseAccount(auth, name);
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  expect(callback.searchParams.get("state")).toBe(auth.state);
  const response = await exchangeCode(callback.searchParams.get("code") ?? "", auth.verifier);
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as { id_token: string; access_token: string; token_type: string };
  expect(tokens.token_type).toBe("Bearer");
  return { idToken: tokens.id_token, accessToken: tokens.access_token };
}

const verifyOptions = () => ({ issuer: sandbox.issuer, audience: CLIENT_ID, jwks: String(discovery.jwks_uri) });

describe("sandbox Google issuer", () => {
  it("publishes a discovery document a Google client can use", () => {
    expect(discovery).toMatchObject({
      issuer: sandbox.issuer,
      authorization_endpoint: `${sandbox.issuer}/o/oauth2/v2/auth`,
      token_endpoint: `${sandbox.issuer}/oauth2/v4/token`,
      userinfo_endpoint: `${sandbox.issuer}/v1/userinfo`,
      jwks_uri: `${sandbox.issuer}/oauth2/v3/certs`,
      response_types_supported: ["code"],
      scopes_supported: ["openid", "email", "profile"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256"],
    });
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "hd", "name", "picture"]));
    expect(discovery).not.toHaveProperty("end_session_endpoint");
  });

  it("serves the signing keys it reports at start-up, public parts only", async () => {
    const served = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(served.keys.map((k) => k.kid)).toEqual(sandbox.jwks.keys.map((k) => k.kid));
    expect(served.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(sandbox.jwks.keys[0]).not.toHaveProperty("d");
  });

  it("shows its own account chooser listing every sample user", async () => {
    const { chooserHtml, chooserUrl } = await startAuthorization();
    expect(new URL(chooserUrl).pathname).toMatch(/^\/interaction\/[\w-]+$/);
    expect(chooserHtml).toContain("<title>Sign in with Google — Gatehouse sandbox</title>");
    expect(chooserHtml).toContain("local stand-in for Google sign-in");
    expect(chooserHtml).toContain("to continue to <strong>Gatehouse</strong>");
    expect(accountButtons(chooserHtml).map((b) => b.label)).toEqual([
      "Ada Admin ada@example.com",
      "Dana Developer dana@example.com",
      "Nora Newhire nora@example.com",
      "Olaf Outsider olaf@other.example",
      "Uma Unverified uma@example.com",
      "Gary Gmail gary.personal@gmail.com",
    ]);
  });

  it("signs Dana in with the code flow and PKCE, issuing a Google-shaped ID token", async () => {
    const { idToken } = await signIn("Dana Developer");
    const claims = await verifyGoogleIdToken(idToken, verifyOptions());
    expect(claims).toMatchObject({
      iss: sandbox.issuer,
      aud: CLIENT_ID,
      sub: "100000000000000000002",
      email: "dana@example.com",
      email_verified: true,
      hd: "example.com",
      name: "Dana Developer",
      given_name: "Dana",
      family_name: "Developer",
      picture: `${sandbox.issuer}/avatar/100000000000000000002.svg`,
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(checkWorkspaceClaims(claims, { allowedDomains: ["example.com"] })).toMatchObject({ ok: true });
    const avatar = await fetch(String(claims.picture));
    expect(avatar.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("leaves hd out of a personal Gmail account's ID token", async () => {
    const claims = await verifyGoogleIdToken((await signIn("Gary Gmail")).idToken, verifyOptions());
    expect(claims).toMatchObject({ sub: "100000000000000000006", email: "gary.personal@gmail.com", email_verified: true });
    expect(claims).not.toHaveProperty("hd");
    expect(checkWorkspaceClaims(claims, { allowedDomains: ["example.com"] })).toMatchObject({ ok: false, reason: "no-hosted-domain" });
  });

  it("carries email_verified false for Uma, which the policy refuses", async () => {
    const claims = await verifyGoogleIdToken((await signIn("Uma Unverified")).idToken, verifyOptions());
    expect(claims.email_verified).toBe(false);
    expect(checkWorkspaceClaims(claims, { allowedDomains: ["example.com"] })).toMatchObject({ ok: false, reason: "email-unverified" });
  });

  it("answers userinfo with the same claims", async () => {
    const { accessToken } = await signIn("Ada Admin");
    const response = await fetch(String(discovery.userinfo_endpoint), { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sub: "100000000000000000001", email: "ada@example.com", hd: "example.com", email_verified: true });
  });

  it("refuses the code without the right PKCE verifier, and refuses a code used twice", async () => {
    const auth = await startAuthorization();
    const code = (await chooseAccount(auth, "Dana Developer")).searchParams.get("code") ?? "";
    const wrong = await exchangeCode(code, randomBytes(32).toString("base64url"));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });

    const auth2 = await startAuthorization();
    const code2 = (await chooseAccount(auth2, "Dana Developer")).searchParams.get("code") ?? "";
    expect((await exchangeCode(code2, auth2.verifier)).status).toBe(200);
    expect((await exchangeCode(code2, auth2.verifier)).status).toBe(400);
  });

  it("shows the chooser again after a sign-in, so the same browser can switch accounts", async () => {
    const browser = new Browser();
    const first = await startAuthorization(browser);
    await chooseAccount(first, "Ada Admin");

    const second = await startAuthorization(browser, { prompt: "select_account" });
    expect(accountButtons(second.chooserHtml)).toHaveLength(6);
    const callback = await chooseAccount(second, "Dana Developer");
    const tokens = (await (await exchangeCode(callback.searchParams.get("code") ?? "", second.verifier)).json()) as { id_token: string };
    expect((await verifyGoogleIdToken(tokens.id_token, verifyOptions())).email).toBe("dana@example.com");
  });

  it("returns access_denied to the app when the person cancels", async () => {
    const auth = await startAuthorization();
    const { url } = await auth.browser.follow(`${auth.chooserUrl}/cancel`, { method: "POST" });
    const callback = new URL(url);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(auth.state);
  });

  it("refuses a redirect URI that the client did not register, without redirecting", async () => {
    const url = new URL(String(discovery.authorization_endpoint));
    url.search = new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: "http://evil.example/cb", response_type: "code", scope: "openid" }).toString();
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("redirect_uri did not match any of the client");
  });

  it("signs in through next-auth 4's GoogleProvider with only wellKnown changed, and its signIn callback sees hd", async () => {
    // next-auth's framework-neutral core (what its Next.js route handler calls); the path is not in its exports map.
    const require = createRequire(import.meta.url);
    const { AuthHandler } = require(`${process.cwd()}/node_modules/next-auth/core/index.js`) as {
      AuthHandler: (params: { req: Record<string, unknown>; options: Record<string, unknown> }) => Promise<NextAuthResponse>;
    };
    type NextAuthResponse = { redirect?: string; body?: { csrfToken?: string }; cookies?: { name: string; value: string }[] };
    const profiles: Record<string, unknown>[] = [];
    const options = {
      secret: "test-secret-test-secret-test-secret",
      providers: [GoogleProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, wellKnown: `${sandbox.issuer}/.well-known/openid-configuration` })],
      callbacks: {
        signIn: ({ profile }: { profile?: Record<string, unknown> }) => {
          if (profile) profiles.push(profile);
          return checkWorkspaceClaims(profile ?? {}, { allowedDomains: ["example.com"] }).ok;
        },
      },
    };

    async function signInWithNextAuth(name: string): Promise<string | undefined> {
      const appCookies = new Map<string, string>();
      const call = async (req: Record<string, unknown>) => {
        const res = await AuthHandler({ req: { origin: "http://localhost:3000", cookies: Object.fromEntries(appCookies), ...req }, options });
        for (const c of res.cookies ?? []) appCookies.set(c.name, c.value);
        return res;
      };
      const csrf = await call({ action: "csrf", method: "GET" });
      const start = await call({
        action: "signin",
        providerId: "google",
        method: "POST",
        body: { csrfToken: csrf.body?.csrfToken, callbackUrl: "http://localhost:3000/" },
      });
      const browser = new Browser();
      const { response, url: chooserUrl } = await browser.follow(String(start.redirect));
      const callback = await chooseAccount({ browser, chooserUrl, chooserHtml: await response.text() }, name);
      const done = await call({ action: "callback", providerId: "google", method: "GET", query: Object.fromEntries(callback.searchParams) });
      return done.redirect;
    }

    expect(await signInWithNextAuth("Dana Developer")).toBe("http://localhost:3000/");
    expect(profiles.at(-1)).toMatchObject({ sub: "100000000000000000002", hd: "example.com", email_verified: true });
    expect(await signInWithNextAuth("Olaf Outsider")).toBe("http://localhost:3000/api/auth/error?error=AccessDenied");
    expect(await signInWithNextAuth("Gary Gmail")).toBe("http://localhost:3000/api/auth/error?error=AccessDenied");
    expect(profiles.at(-1)).not.toHaveProperty("hd");
  });

  it("will only listen on loopback", async () => {
    await expect(startGoogleSandbox({ port: 0, host: "0.0.0.0", clients: [] })).rejects.toThrow(/loopback only/);
  });
});
