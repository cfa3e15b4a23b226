import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGoogleSandbox, type GoogleSandbox } from "@/sandbox/google/start-google-sandbox";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { obtainIdToken, type OidcClient } from "../support/google-sign-in";

// admitSignIn decides a sign-in from the signed ID token: real tokens from the sandbox issuer, a real database
// (PostgreSQL and PGlite), the demo's static groups file.

const REDIRECT = "http://localhost:3000/api/auth/callback/google";
let google: GoogleSandbox;
let client: OidcClient;
let otherClient: OidcClient;

beforeAll(async () => {
  google = await startGoogleSandbox({
    port: 0,
    clients: [
      { clientId: "gatehouse-test", clientSecret: "s1", redirectUris: [REDIRECT] },
      { clientId: "some-other-app", clientSecret: "s2", redirectUris: [REDIRECT] },
    ],
  });
  client = { issuer: google.issuer, clientId: "gatehouse-test", clientSecret: "s1", redirectUri: REDIRECT };
  otherClient = { ...client, clientId: "some-other-app", clientSecret: "s2" };
});
afterAll(() => google?.close());

describe.each(DATABASE_KINDS)("sign-in admission on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let admitSignIn: typeof import("@/lib/auth/admit-sign-in").admitSignIn;
  let db: ReturnType<typeof connectTestDatabase>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment({
      DATABASE_URL: database.url,
      GOOGLE_ISSUER: google.issuer,
      GOOGLE_CLIENT_ID: client.clientId,
      GOOGLE_CLIENT_SECRET: client.clientSecret,
      ALLOWED_DOMAINS: "example.com",
      GROUPS_SOURCE: "static",
      GROUPS_FILE: "config/demo/groups.yaml",
    });
    db = connectTestDatabase(database.url);
    vi.resetModules(); // fresh lib/config and caches for this database
    ({ admitSignIn } = await import("@/lib/auth/admit-sign-in"));
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });

  it("admits a verified example.com user with their groups, keyed by sub, and audits it", async () => {
    const admission = await admitSignIn(await obtainIdToken(client, "ada@example.com"));
    expect(admission).toMatchObject({ ok: true, identity: { sub: "100000000000000000001", email: "ada@example.com", hd: "example.com" } });
    expect(admission.ok && admission.groups).toEqual(["admins@example.com", "engineering@example.com"]);
    const user = await db.user.findUniqueOrThrow({ where: { sub: "100000000000000000001" } });
    expect(user.groups).toEqual(["admins@example.com", "engineering@example.com"]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { actorSub: "100000000000000000001", action: "auth.sign-in" } });
    expect(audit.outcome).toBe("allowed");
  });

  it.each([
    ["olaf@other.example", "foreign-domain"],
    ["uma@example.com", "email-unverified"],
    ["gary.personal@gmail.com", "no-hosted-domain"],
  ])("refuses %s (%s), stores no user and audits the refusal", async (email, code) => {
    const admission = await admitSignIn(await obtainIdToken(client, email));
    expect(admission).toMatchObject({ ok: false, code });
    expect(await db.user.count({ where: { email } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign-in", outcome: "denied", detail: { startsWith: code } } });
    expect(audit.detail).toContain(code);
  });

  it("refuses a token issued to another application (wrong audience) and a tampered token", async () => {
    expect(await admitSignIn(await obtainIdToken(otherClient, "ada@example.com"))).toMatchObject({ ok: false, code: "invalid-token" });
    const token = await obtainIdToken(client, "dana@example.com");
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, email: "ada@example.com" })).toString("base64url")}.${s}`;
    expect(await admitSignIn(forged)).toMatchObject({ ok: false, code: "invalid-token" });
    expect(await admitSignIn(undefined)).toMatchObject({ ok: false, code: "invalid-token" });
  });
});
