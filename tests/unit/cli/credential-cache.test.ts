import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cacheFileFor, readCachedCredentials, REFRESH_WINDOW_MS, writeCachedCredentials } from "@/cli/credential-cache";
import { cacheDir, stateDir, tokenFile } from "@/cli/paths";
import { runCli } from "@/cli/run";
import { issuedCredentials, stdoutOf, testContext, TOKEN, type TestContext } from "./cli-test-context";
import { signIn } from "./signed-in";

const KEY = { url: "https://gatehouse.example.com", sessionId: "sess0001", account: "444444444444", role: "Developer" };

function withServer(minutes = 60) {
  let issued = 0;
  const ctx: TestContext = testContext({
    routes: { "POST /api/v1/credentials": () => ({ body: issuedCredentials(ctx, minutes, String(++issued)) }) },
  });
  signIn(ctx);
  return ctx;
}

const credentialCalls = (ctx: TestContext) => ctx.calls.filter((call) => call.path === "/api/v1/credentials").length;

describe("the credentials cache", () => {
  it("keeps credentials in a 0600 file in a 0700 folder, as it does the token", () => {
    const ctx = testContext();
    signIn(ctx);
    writeCachedCredentials(ctx, KEY, issuedCredentials(ctx));
    expect(statSync(cacheFileFor(ctx, KEY)).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir(ctx)).mode & 0o777).toBe(0o700);
    expect(statSync(stateDir(ctx)).mode & 0o777).toBe(0o700);
    expect(statSync(tokenFile(ctx)).mode & 0o777).toBe(0o600);
  });

  it("uses an entry until 5 minutes before its Expiration, not after", () => {
    const ctx = testContext();
    const credentials = issuedCredentials(ctx, 60);
    writeCachedCredentials(ctx, KEY, credentials);
    const expiry = Date.parse(credentials.Expiration);
    ctx.clock.now = expiry - REFRESH_WINDOW_MS - 1000;
    expect(readCachedCredentials(ctx, KEY)).toEqual(credentials);
    ctx.clock.now = expiry - REFRESH_WINDOW_MS;
    expect(readCachedCredentials(ctx, KEY)).toBeNull();
    ctx.clock.now = expiry + 1;
    expect(readCachedCredentials(ctx, KEY)).toBeNull();
  });

  it("belongs to one Gatehouse, one sign-in and one role", () => {
    const ctx = testContext();
    writeCachedCredentials(ctx, KEY, issuedCredentials(ctx));
    expect(readCachedCredentials(ctx, { ...KEY, account: "444444444444" })).not.toBeNull();
    expect(readCachedCredentials(ctx, { ...KEY, sessionId: "sess0002" })).toBeNull();
    expect(readCachedCredentials(ctx, { ...KEY, url: "https://other.example.com" })).toBeNull();
    expect(readCachedCredentials(ctx, { ...KEY, role: "ReadOnly" })).toBeNull();
  });

  it("answers repeated credentials calls from the cache without reaching Gatehouse", async () => {
    const ctx = withServer();
    expect(await runCli(ctx, ["credentials", "--account", "444444444444", "--role", "Developer"])).toBe(0);
    expect(await runCli(ctx, ["credentials", "--account", "444444444444", "--role", "Developer"])).toBe(0);
    expect(credentialCalls(ctx)).toBe(1);
    const [first, second] = stdoutOf(ctx)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ Version: 1, AccessKeyId: "ASIAEXAMPLEKEY00001", AccountId: "444444444444" });
    expect(ctx.calls[0]).toMatchObject({ method: "POST", body: { account: "444444444444", role: "Developer" }, authorization: `Bearer ${TOKEN}` });
  });

  it("asks again once the cached copy is inside the window, and on --no-cache", async () => {
    const ctx = withServer();
    await runCli(ctx, ["credentials", "--account", "444444444444", "--role", "Developer"]);
    ctx.clock.now += 56 * 60_000;
    await runCli(ctx, ["credentials", "--account", "444444444444", "--role", "Developer"]);
    expect(credentialCalls(ctx)).toBe(2);
    await runCli(ctx, ["credentials", "--account", "444444444444", "--role", "Developer", "--no-cache"]);
    expect(credentialCalls(ctx)).toBe(3);
    await runCli(ctx, ["credentials", "--account", "444444444444", "--role", "Developer"]);
    expect(credentialCalls(ctx)).toBe(3);
    expect(readdirSync(cacheDir(ctx))).toHaveLength(1);
  });

  it("is emptied by logout and by a new login", async () => {
    const ctx = testContext({ routes: { "DELETE /api/v1/session": () => ({ body: { revoked: true } }) } });
    signIn(ctx);
    writeCachedCredentials(ctx, KEY, issuedCredentials(ctx));
    expect(await runCli(ctx, ["logout"])).toBe(0);
    expect(readdirSync(cacheDir(ctx))).toHaveLength(0);
    expect(() => statSync(tokenFile(ctx))).toThrow();
    expect(path.basename(cacheFileFor(ctx, KEY))).toMatch(/^[0-9a-f]{16}\.json$/);
  });
});
