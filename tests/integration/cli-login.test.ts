import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import type { Actor } from "@/lib/actor/actor";
import type { CliDeviceAnswer, CliTokenAnswer } from "@/lib/cli/cli-api";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { call, getRequest, jsonRequest } from "../support/routes";
import { approveLogin, browserActor, commandRequest, loadRoutes, logIn, loginParams, pkcePair, storePeople, type Routes } from "./cli-fixtures";
import { ADA, consoleEnvironment, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// The command-line logins and tokens through their real handlers, on PostgreSQL and PGlite: the loopback login
// (approve in the browser, exchange with PKCE), the device-code login, the token as a way in (actorFromCliToken,
// the bearer branch of getActor below next/headers), its lifetime and revocation, and every refusal the issue lists.

type Refused = { error: string; message: string };
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

let aws: AwsSandbox;
let restoreEnv: () => void;
let routes: Routes;
let actorFromCliToken: typeof import("@/lib/cli/token-actor").actorFromCliToken;
let me: typeof import("@/app/api/v1/me/route").GET;
let session: typeof import("@/app/api/v1/session/route").DELETE;
let revokeDevice: typeof import("@/app/api/cli/devices/[id]/route").DELETE;
let deviceStart: typeof import("@/app/api/v1/cli/device/route").POST;
let deviceApprove: typeof import("@/app/api/cli/device/approve/route").POST;
let deviceDeny: typeof import("@/app/api/cli/device/deny/route").POST;
let consoleRoute: typeof import("@/app/api/console/route").POST;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, "postgresql://set-per-database@127.0.0.1:1/x", { GATEHOUSE_PEER_STAMPED: "1" }));
  routes = await loadRoutes();
  ({ actorFromCliToken } = await import("@/lib/cli/token-actor"));
  me = (await import("@/app/api/v1/me/route")).GET;
  session = (await import("@/app/api/v1/session/route")).DELETE;
  revokeDevice = (await import("@/app/api/cli/devices/[id]/route")).DELETE;
  deviceStart = (await import("@/app/api/v1/cli/device/route")).POST;
  deviceApprove = (await import("@/app/api/cli/device/approve/route")).POST;
  deviceDeny = (await import("@/app/api/cli/device/deny/route")).POST;
  consoleRoute = (await import("@/app/api/console/route")).POST;
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
});

describe.each(DATABASE_KINDS)("command-line login on %s", (kind) => {
  let database: TestDatabase;
  let db: ReturnType<typeof connectTestDatabase>;
  /** Each test calls from its own address, so the per-address limits of one test do not reach the next. */
  let address = 0;
  let peer = "";
  const tokenCall = <T = Record<string, unknown>>(body: unknown, from = peer) =>
    call<T>(routes.token, null, commandRequest("/api/v1/cli/token", body, { "x-gatehouse-peer": from }));
  const asToken = async (token: string): Promise<Actor | null> => actorFromCliToken(token, { sourceIp: "198.51.100.20", userAgent: "gatehouse-cli/test" });
  const audits = (where: Record<string, unknown> = {}) =>
    db.auditEvent.findMany({ where: { action: { startsWith: "cli." }, ...where }, orderBy: { at: "asc" } });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = connectTestDatabase(database.url);
    await storeOrganization(db, aws.state.seed);
    await storePeople(db);
    const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
    await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });
  beforeEach(() => {
    peer = `192.0.2.${++address}`;
  });

  it("approves a loopback login in the browser and trades the code for a token bound to the person", async () => {
    const { verifier, challenge } = pkcePair();
    const params = loginParams(challenge);
    const { code, state, redirectTo } = await approveLogin(routes, DANA, params);
    expect(redirectTo.startsWith("http://127.0.0.1:49152/callback?code=")).toBe(true);
    expect(state).toBe(params.state);
    const answer = await tokenCall<CliTokenAnswer>({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: params.redirect_uri });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ email: "dana@example.com", name: "Dana Developer" });
    expect(answer.body.token).toMatch(/^gh1_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const lifetime = Date.parse(answer.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(8 * 3600_000);

    // Stored hashed: neither the token nor the code is anywhere in the database.
    const sessionId = answer.body.token.slice(4, 36);
    const row = await db.authSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row).toMatchObject({ kind: "cli", userSub: DANA.sub, deviceName: "dana-laptop", sourceIp: peer });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const everything = JSON.stringify([await db.authSession.findMany(), await db.cliLoginRequest.findMany(), await db.auditEvent.findMany()]);
    expect(everything).not.toContain(answer.body.token);
    expect(everything).not.toContain(code);
    expect(everything).not.toContain(verifier);

    const records = await audits({ actorSub: DANA.sub, detail: { contains: params.code } });
    expect(records.map((r) => [r.action, r.outcome, r.via])).toEqual([["cli.login", "allowed", "browser-session"]]);
    const issued = await db.auditEvent.findFirstOrThrow({ where: { action: "cli.login", outcome: "issued", authSessionId: sessionId } });
    expect(issued).toMatchObject({ actorSub: DANA.sub, via: "cli-token", sourceIp: peer, userAgent: "gatehouse-cli/test" });
    expect(issued.detail).toContain('device "dana-laptop"');

    // The token is a way in: the same Actor a browser session builds, groups re-read on first use.
    const actor = await asToken(answer.body.token);
    expect(actor).toMatchObject({
      sub: DANA.sub,
      email: DANA.email,
      via: "cli-token",
      sessionId,
      groups: DANA.groups,
      sourceIp: "198.51.100.20",
      deviceName: "dana-laptop",
    });
    const whoami = await call(me, actor, getRequest("/api/v1/me"));
    expect(whoami.status).toBe(200);
    expect(whoami.body).toMatchObject({
      email: DANA.email,
      name: "Dana Developer",
      groups: DANA.groups,
      deviceName: "dana-laptop",
      expiresAt: answer.body.expiresAt,
    });
    expect((await db.authSession.findUniqueOrThrow({ where: { id: sessionId } })).groupsCheckedAt).not.toBeNull();
  });

  it("works a code once: presented again, it is refused and the token issued from it is revoked", async () => {
    const { verifier, challenge } = pkcePair();
    const params = loginParams(challenge);
    const { code } = await approveLogin(routes, DANA, params);
    const exchange = { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: params.redirect_uri };
    const first = await tokenCall<CliTokenAnswer>(exchange);
    expect(first.status).toBe(200);
    expect(await asToken(first.body.token)).not.toBeNull();
    const second = await tokenCall<Refused>(exchange);
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ error: "invalid-input", message: expect.stringContaining("already used") });
    expect(await asToken(first.body.token)).toBeNull();
    const revoked = await db.auditEvent.findFirstOrThrow({ where: { action: "cli.revoke", detail: { contains: first.body.token.slice(4, 36) } } });
    expect(revoked).toMatchObject({ outcome: "allowed", actorSub: DANA.sub });
  });

  it("refuses an approval replayed (one answer per PKCE challenge), on record", async () => {
    const { challenge } = pkcePair();
    const params = loginParams(challenge);
    await approveLogin(routes, DANA, params);
    const again = await call<Refused>(routes.approve, browserActor(DANA), jsonRequest("/api/cli/login/approve", params));
    expect(again.status).toBe(409);
    expect(again.body.error).toBe("conflict");
    const denied = await call<Refused>(routes.deny, browserActor(DANA), jsonRequest("/api/cli/login/deny", params));
    expect(denied.status).toBe(409);
    expect((await audits({ outcome: "denied", detail: { contains: params.redirect_uri }, actorSub: DANA.sub })).length).toBeGreaterThanOrEqual(2);
  });

  it("burns the code on a PKCE verifier that does not match, and on a different redirect URI", async () => {
    for (const wrong of [{ code_verifier: pkcePair().verifier }, { redirect_uri: "http://127.0.0.1:49153/callback" }]) {
      const { verifier, challenge } = pkcePair();
      const params = loginParams(challenge);
      const { code } = await approveLogin(routes, DANA, params);
      const exchange = { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: params.redirect_uri };
      const refused = await tokenCall<Refused>({ ...exchange, ...wrong });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(wrong.code_verifier ? /PKCE verifier does not match/ : /redirect URI is not the one/);
      // The right values no longer help: the code had its one use.
      const after = await tokenCall<Refused>(exchange);
      expect(after.status).toBe(400);
      expect(after.body.message).toContain("already used");
      const record = await db.auditEvent.findFirstOrThrow({ where: { action: "cli.login", outcome: "denied", sourceIp: peer }, orderBy: { at: "asc" } });
      expect(record).toMatchObject({ actorSub: DANA.sub, via: "cli-token" });
    }
  });

  it("refuses an expired code and an unknown one", async () => {
    const { verifier, challenge } = pkcePair();
    const params = loginParams(challenge);
    const { code } = await approveLogin(routes, DANA, params);
    await db.cliLoginRequest.updateMany({ where: { codeChallenge: challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await tokenCall<Refused>({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: params.redirect_uri });
    expect(expired.status).toBe(400);
    expect(expired.body.message).toContain("expired");
    const unknown = await tokenCall<Refused>({
      grant_type: "authorization_code",
      code: "A".repeat(43),
      code_verifier: verifier,
      redirect_uri: params.redirect_uri,
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: "invalid-input" } });
    const garbage = await tokenCall<Refused>({ grant_type: "password", username: "dana" });
    expect(garbage.status).toBe(400);
  });

  it("refuses every redirect URI that is not loopback, and malformed challenges, each on record", async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ redirect_uri: "http://evil.example:8080/callback" }, /loopback only/],
      [{ redirect_uri: "https://127.0.0.1:8080/callback" }, /loopback only/],
      [{ redirect_uri: "http://localhost:8080/callback" }, /loopback only/],
      [{ redirect_uri: "http://127.0.0.2:8080/callback" }, /loopback only/],
      [{ redirect_uri: "http://127.0.0.1.evil.example:8080/callback" }, /loopback only/],
      [{ redirect_uri: "http://127.0.0.1/callback" }, /name its port/],
      [{ redirect_uri: "http://127.0.0.1:8080/callback?next=https://evil.example" }, /no user, query or fragment/],
      [{ redirect_uri: "http://dana@127.0.0.1:8080/callback" }, /no user, query or fragment/],
      [{ redirect_uri: "http://127.0.0.1:8080/a/../callback" }, /plain form/],
      [{ code_challenge_method: "plain" }, /only S256/],
      [{ code_challenge: "too-short" }, /PKCE S256 challenge/],
      [{ state: "short" }, /16 to 256 characters/],
      [{ code: "<script>" }, /ABCD-EFGH/],
    ];
    for (const [over, message] of cases) {
      const params = loginParams(pkcePair().challenge, over);
      const refused = await call<Refused>(routes.approve, browserActor(DANA), jsonRequest("/api/cli/login/approve", params));
      expect(refused.status, JSON.stringify(over)).toBe(400);
      expect(refused.body.message).toMatch(message);
      const record = await db.auditEvent.findFirstOrThrow({ where: { action: "cli.login", actorSub: DANA.sub }, orderBy: { at: "desc" } });
      expect(record.outcome).toBe("denied");
      expect(record.detail).toContain("invalid-input");
    }
    expect(await db.cliLoginRequest.count({ where: { redirectUri: { contains: "evil" } } })).toBe(0);
    // And [::1] is loopback too.
    await approveLogin(routes, DANA, loginParams(pkcePair().challenge, { redirect_uri: "http://[::1]:8080/callback" }));
  });

  it("lets only a browser session approve: a token cannot mint tokens", async () => {
    const token = await logIn(routes, DANA);
    const cli = (await asToken(token.token))!;
    const params = loginParams(pkcePair().challenge);
    const refused = await call<Refused>(routes.approve, cli, jsonRequest("/api/cli/login/approve", params));
    expect(refused.status).toBe(401);
    expect(refused.body.message).toContain("command-line token cannot be used here");
    expect(await db.cliLoginRequest.count({ where: { codeChallenge: params.code_challenge } })).toBe(0);
    // Nor open a console (a browser route), while a browser session is nobody on the command-line API.
    expect((await call(consoleRoute, cli, jsonRequest("/api/console", { accountId: "444444444444", roleName: "Developer" }))).status).toBe(401);
    expect((await call(me, browserActor(DANA), getRequest("/api/v1/me"))).status).toBe(401);
  });

  it("is nobody with a forged, malformed, expired or revoked token", async () => {
    const token = (await logIn(routes, DANA)).token;
    const sessionId = token.slice(4, 36);
    expect(await asToken(token)).not.toBeNull();
    // The right session id with another secret, a token of another format, and pieces of the real one.
    expect(await asToken(`gh1_${sessionId}_${"A".repeat(43)}`)).toBeNull();
    expect(await asToken(`gh1_${"0".repeat(32)}_${token.slice(37)}`)).toBeNull();
    expect(await asToken(token.slice(0, -1))).toBeNull();
    expect(await asToken(`${token}x`)).toBeNull();
    expect(await asToken(token.toUpperCase())).toBeNull();
    // A browser session's record is no token, even with its own id.
    const browser = await db.authSession.create({
      data: { id: "b".repeat(32), userSub: DANA.sub, userEmail: DANA.email, kind: "browser", expiresAt: new Date(Date.now() + 3600_000) },
    });
    expect(await asToken(`gh1_${browser.id}_${token.slice(37)}`)).toBeNull();
    // Expired.
    await db.authSession.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await asToken(token)).toBeNull();
    // Revoked by gatehouse logout: refused from the next request on.
    const other = (await logIn(routes, DANA)).token;
    const actor = (await asToken(other))!;
    const out = await call(session, actor, new Request("http://localhost:3000/api/v1/session", { method: "DELETE" }));
    expect(out).toMatchObject({ status: 200, body: { revoked: true } });
    expect(await asToken(other)).toBeNull();
    const record = await db.auditEvent.findFirstOrThrow({ where: { action: "cli.revoke", authSessionId: other.slice(4, 36) } });
    expect(record).toMatchObject({ outcome: "allowed", via: "cli-token", actorSub: DANA.sub });
  });

  it("revokes a device from the Command line page: its owner or an administrator, never someone else", async () => {
    const token = (await logIn(routes, DANA, "dana-desktop")).token;
    const id = token.slice(4, 36);
    const del = (actor: Actor, target = id) =>
      call(
        revokeDevice,
        actor,
        new Request(`http://localhost:3000/api/cli/devices/${target}`, { method: "DELETE", headers: { origin: "http://localhost:3000" } }),
        { id: target },
      );
    // Nora may not (and learns nothing: it looks like no device), nor may Dana's own token act as the browser.
    expect((await del(browserActor(NORA))).status).toBe(404);
    expect((await del((await asToken(token))!)).status).toBe(401);
    expect(await asToken(token)).not.toBeNull();
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "cli.revoke", actorSub: NORA.sub, sessionId: id } })).toMatchObject({ outcome: "denied" });
    // Ada, an administrator, may.
    expect((await del(browserActor(ADA))).status).toBe(200);
    expect(await asToken(token)).toBeNull();
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "cli.revoke", actorSub: ADA.sub, sessionId: id, outcome: "allowed" } })).toMatchObject({
      profileId: "admin",
    });
    expect((await del(browserActor(ADA))).status).toBe(404);
    // And the owner, for their own.
    const mine = (await logIn(routes, DANA)).token;
    expect((await del(browserActor(DANA), mine.slice(4, 36))).status).toBe(200);
    expect(await asToken(mine)).toBeNull();
    // Hostile ids never reach the database.
    expect((await del(browserActor(DANA), "../../x")).status).toBe(400);
    // An administrator's End all sessions (the People page) ends command-line tokens too.
    const kept = (await logIn(routes, DANA, "dana-kept")).token;
    const people = (await import("@/app/api/people/[sub]/sessions/route")).DELETE;
    const ended = await call(
      people,
      browserActor(ADA),
      new Request(`http://localhost:3000/api/people/${DANA.sub}/sessions`, { method: "DELETE", headers: { origin: "http://localhost:3000" } }),
      { sub: DANA.sub },
    );
    expect(ended.status).toBe(200);
    expect(await asToken(kept)).toBeNull();
  });

  it("signs in with the device code: pending, slow_down, approval on /cli/device, then the token once", async () => {
    const start = await call<CliDeviceAnswer>(
      deviceStart,
      null,
      commandRequest("/api/v1/cli/device", { device_name: "build-box" }, { "x-gatehouse-peer": peer }),
    );
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ expires_in: 600, interval: 5, verification_uri: "http://localhost:3000/cli/device" });
    expect(start.body.user_code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
    expect(start.body.verification_uri_complete).toBe(`http://localhost:3000/cli/device?user_code=${start.body.user_code}`);
    const poll = { grant_type: DEVICE_GRANT, device_code: start.body.device_code };
    const ageLastPoll = () =>
      db.cliLoginRequest.updateMany({ where: { userCode: start.body.user_code.replace("-", "") }, data: { lastPolledAt: new Date(Date.now() - 60_000) } });

    expect(await tokenCall(poll)).toMatchObject({ status: 400, body: { error: "authorization_pending" } });
    expect(await tokenCall(poll)).toMatchObject({ status: 400, body: { error: "slow_down" } });
    expect((await db.cliLoginRequest.findFirstOrThrow({ where: { userCode: start.body.user_code.replace("-", "") } })).interval).toBe(10);

    const approved = await call(deviceApprove, browserActor(DANA), jsonRequest("/api/cli/device/approve", { user_code: start.body.user_code.toLowerCase() }));
    expect(approved).toMatchObject({ status: 200, body: { status: "approved", deviceName: "build-box" } });
    await ageLastPoll();
    const issued = await tokenCall<CliTokenAnswer>(poll);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.email).toBe(DANA.email);
    expect(await asToken(issued.body.token)).toMatchObject({ sub: DANA.sub, deviceName: "build-box" });
    expect(
      await db.auditEvent.findFirstOrThrow({
        where: { action: "cli.login", outcome: "allowed", actorSub: DANA.sub, detail: { contains: start.body.user_code } },
      }),
    ).toMatchObject({ via: "browser-session" });

    // Once: a second poll is refused, and the token it gave is revoked.
    await ageLastPoll();
    expect((await tokenCall(poll)).status).toBe(400);
    expect(await asToken(issued.body.token)).toBeNull();
  });

  it("tells the command access_denied and expired_token", async () => {
    const start = async () =>
      (await call<CliDeviceAnswer>(deviceStart, null, commandRequest("/api/v1/cli/device", { device_name: "ci" }, { "x-gatehouse-peer": peer }))).body;
    const denied = await start();
    expect((await call(deviceDeny, browserActor(DANA), jsonRequest("/api/cli/device/deny", { user_code: denied.user_code }))).status).toBe(200);
    expect(await tokenCall({ grant_type: DEVICE_GRANT, device_code: denied.device_code })).toMatchObject({ status: 400, body: { error: "access_denied" } });
    const expired = await start();
    await db.cliLoginRequest.updateMany({ where: { userCode: expired.user_code.replace("-", "") }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await tokenCall({ grant_type: DEVICE_GRANT, device_code: expired.device_code })).toMatchObject({ status: 400, body: { error: "expired_token" } });
    // An expired code can no longer be approved either.
    expect((await call(deviceApprove, browserActor(DANA), jsonRequest("/api/cli/device/approve", { user_code: expired.user_code }))).status).toBe(404);
  });

  it("limits guessed device codes per person: every wrong one is on record, and past the limit even the right one waits", async () => {
    const { body: real } = await call<CliDeviceAnswer>(
      deviceStart,
      null,
      commandRequest("/api/v1/cli/device", { device_name: "target" }, { "x-gatehouse-peer": peer }),
    );
    const before = await db.auditEvent.count({ where: { action: "cli.login", actorSub: NORA.sub, outcome: "denied" } });
    const guesses = ["BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "FFFF-FFFF", "GGGG-GGGG", "HHHH-HHHH", "JJJJ-JJJJ", "KKKK-KKKK", "LLLL-LLLL", "MMMM-MMMM"];
    for (const guess of guesses) {
      const answer = await call<Refused>(deviceApprove, browserActor(NORA), jsonRequest("/api/cli/device/approve", { user_code: guess }));
      expect(answer.status).toBe(404);
    }
    const limited = await call<Refused>(deviceApprove, browserActor(NORA), jsonRequest("/api/cli/device/approve", { user_code: real.user_code }));
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("rate-limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await db.auditEvent.count({ where: { action: "cli.login", actorSub: NORA.sub, outcome: "denied" } })).toBe(before + 11);
    expect((await db.cliLoginRequest.findFirstOrThrow({ where: { userCode: real.user_code.replace("-", "") } })).status).toBe("pending");
    // Another person's limit is their own.
    expect((await call(deviceApprove, browserActor(DANA), jsonRequest("/api/cli/device/approve", { user_code: real.user_code }))).status).toBe(200);
  });

  it("limits the unauthenticated token endpoint per client address", async () => {
    const guess = { grant_type: DEVICE_GRANT, device_code: "B".repeat(43) };
    // Windows are fixed minutes: start early in one, so all 121 attempts fall in the same window.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 50));
    for (let i = 0; i < 120; i++) expect((await tokenCall(guess)).status).toBe(400);
    const limited = await tokenCall<Refused>(guess);
    expect(limited).toMatchObject({ status: 429, body: { error: "rate-limited" } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not held up.
    expect((await tokenCall(guess, "192.0.2.250")).status).toBe(400);
  });

  it("re-checks the person at the recheck interval: someone no longer admitted is nobody", async () => {
    const token = (await logIn(routes, DANA)).token;
    const id = token.slice(4, 36);
    expect(await asToken(token)).not.toBeNull();
    await db.user.update({ where: { sub: DANA.sub }, data: { hostedDomain: "other.example" } });
    try {
      // Within the interval the last check stands; once it is due, the person is looked at again.
      expect(await asToken(token)).not.toBeNull();
      await db.authSession.update({ where: { id }, data: { groupsCheckedAt: new Date(Date.now() - 301_000) } });
      expect(await asToken(token)).toBeNull();
    } finally {
      await db.user.update({ where: { sub: DANA.sub }, data: { hostedDomain: "example.com" } });
    }
  });

  it("writes lastUsedAt and the source address at most once a minute", async () => {
    const token = (await logIn(routes, DANA)).token;
    const id = token.slice(4, 36);
    await asToken(token);
    const first = await db.authSession.findUniqueOrThrow({ where: { id } });
    await actorFromCliToken(token, { ...META, sourceIp: "198.51.100.99" });
    expect((await db.authSession.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first.lastUsedAt);
    await db.authSession.update({ where: { id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await actorFromCliToken(token, { ...META, sourceIp: "198.51.100.99" });
    expect((await db.authSession.findUniqueOrThrow({ where: { id } })).sourceIp).toBe("198.51.100.99");
  });
});
