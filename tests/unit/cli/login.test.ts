import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settingsFile, tokenFile } from "@/cli/paths";
import { runCli } from "@/cli/run";
import { readSession } from "@/cli/session-store";
import { GATEHOUSE, stderrOf, stdoutOf, testContext, type FakeRoute } from "./cli-test-context";

const ISSUED = "gh1_sess0042_bmV3LXRva2VuLW5ldy10b2tlbi1uZXctdG9rZW4tbmV3";
const tokenAnswer = { token: ISSUED, expiresAt: "2026-12-02T18:00:00.000Z", email: "dana@example.com", name: "Dana Developer" };

/** A browser that follows the approval page to the loopback callback with the state it was given (or another). */
const browser =
  (mutate: (query: URLSearchParams) => void = () => undefined) =>
  async (url: string) => {
    const query = new URL(url).searchParams;
    const callback = new URL(query.get("redirect_uri")!);
    const back = new URLSearchParams({ code: "one-time-code", state: query.get("state")! });
    mutate(back);
    setTimeout(() => void fetch(`${callback}?${back}`).then((r) => r.text()), 10);
    return true;
  };

describe("gatehouse login (loopback redirect with PKCE)", () => {
  it("opens the approval page on 127.0.0.1 with state and an S256 challenge, trades the code with the verifier, and stores the token 0600", async () => {
    let exchanged: Record<string, string> = {};
    const routes: Record<string, FakeRoute> = {
      "POST /api/v1/cli/token": ({ body }) => ((exchanged = body as Record<string, string>), { body: tokenAnswer }),
    };
    let opened = "";
    const ctx = testContext({ routes, openBrowser: (url) => ((opened = url), browser()(url)) });
    expect(await runCli(ctx, ["login", "--url", `${GATEHOUSE}/`, "--device-name", "build box"])).toBe(0);

    const query = new URL(opened).searchParams;
    expect(opened.startsWith(`${GATEHOUSE}/cli/login?`)).toBe(true);
    expect(query.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(query.get("state")!.length).toBeGreaterThanOrEqual(22);
    expect(query.get("device")).toBe("build box");
    expect(query.get("code")).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
    expect(exchanged).toMatchObject({ grant_type: "authorization_code", code: "one-time-code", redirect_uri: query.get("redirect_uri") });
    expect(exchanged.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(createHash("sha256").update(exchanged.code_verifier!).digest("base64url")).toBe(query.get("code_challenge"));

    expect(stdoutOf(ctx)).toContain(`\n${opened}\n`);
    expect(stdoutOf(ctx)).toMatch(/Signed in to https:\/\/gatehouse\.example\.com as Dana Developer <dana@example\.com> until 2026-12-02/);
    expect(readSession(ctx)).toMatchObject({ url: GATEHOUSE, token: ISSUED, deviceName: "build box" });
    expect(statSync(tokenFile(ctx)).mode & 0o777).toBe(0o600);
    expect(statSync(settingsFile(ctx)).mode & 0o777).toBe(0o600);
    expect(stdoutOf(ctx) + stderrOf(ctx)).not.toContain(ISSUED);

    // The URL is remembered: the next login needs no --url.
    const again = testContext({ routes, home: ctx.homedir, openBrowser: browser() });
    routes["DELETE /api/v1/session"] = () => ({ body: { revoked: true } });
    expect(await runCli(again, ["login"])).toBe(0);
  });

  it("ignores a callback with another state and ends on denial, with nothing stored", async () => {
    const ctx = testContext({
      routes: { "POST /api/v1/cli/token": () => ({ body: tokenAnswer }) },
      openBrowser: async (url) => {
        const query = new URL(url).searchParams;
        const callback = query.get("redirect_uri")!;
        const wrong = await fetch(`${callback}?code=stolen&state=not-the-state`);
        expect(wrong.status).toBe(400);
        expect(await fetch(`${callback.replace("/callback", "/other")}`).then((r) => r.status)).toBe(404);
        setTimeout(() => void fetch(`${callback}?error=access_denied&state=${query.get("state")}`), 10);
        return true;
      },
    });
    expect(await runCli(ctx, ["login", "--url", GATEHOUSE])).toBe(1);
    expect(stderrOf(ctx)).toBe("gatehouse: the login was denied in the browser\n");
    expect(ctx.calls).toHaveLength(0);
    expect(readSession(ctx)).toBeNull();
  });

  it("gives up after the timeout, and says the address when no browser could be started", async () => {
    const ctx = testContext({ openBrowser: async () => false });
    ctx.loginTimeoutMs = 200;
    expect(await runCli(ctx, ["login", "--url", GATEHOUSE])).toBe(1);
    expect(stdoutOf(ctx)).toContain("No browser could be started here: open the address above, or run gatehouse login --no-browser.");
    expect(stdoutOf(ctx)).toMatch(/\nhttps:\/\/gatehouse\.example\.com\/cli\/login\?redirect_uri=/);
    expect(stderrOf(ctx)).toBe("gatehouse: no approval came from the browser within under a minute: run gatehouse login again\n");
  });

  it("refuses plain http to another machine, and a URL with a query", async () => {
    const ctx = testContext();
    expect(await runCli(ctx, ["login", "--url", "http://gatehouse.example.com"])).toBe(1);
    expect(await runCli(ctx, ["login", "--url", "https://gatehouse.example.com/?next=x"])).toBe(2);
    expect(stderrOf(ctx)).toContain("must be reached over https");
  });
});

describe("gatehouse login --no-browser (device code)", () => {
  it("prints verification_uri_complete on a line of its own, polls at the interval, slows down by 5 s, and stores the token", async () => {
    const polls: number[] = [];
    const answers = ["authorization_pending", "slow_down", "authorization_pending"];
    const ctx = testContext({
      routes: {
        "POST /api/v1/cli/device": ({ body }) => {
          expect(body).toEqual({ device_name: "test-laptop" });
          return {
            body: {
              device_code: "dev-code-secret",
              user_code: "WDJB-MJHT",
              verification_uri: `${GATEHOUSE}/cli/device`,
              verification_uri_complete: `${GATEHOUSE}/cli/device?user_code=WDJB-MJHT`,
              expires_in: 600,
              interval: 5,
            },
          };
        },
        "POST /api/v1/cli/token": ({ body }) => {
          expect(body).toEqual({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: "dev-code-secret" });
          polls.push(ctx.clock.now);
          const next = answers.shift();
          return next ? { status: 400, body: { error: next } } : { body: tokenAnswer };
        },
      },
    });
    const start = ctx.clock.now;
    expect(await runCli(ctx, ["login", "--url", GATEHOUSE, "--no-browser"])).toBe(0);
    expect(ctx.opened).toEqual([]);
    expect(stdoutOf(ctx)).toContain(`\n\n${GATEHOUSE}/cli/device?user_code=WDJB-MJHT\n\n`);
    expect(polls.map((at) => (at - start) / 1000)).toEqual([5, 10, 20, 30]);
    expect(readSession(ctx)?.token).toBe(ISSUED);
  });

  it("ends on access_denied and on expiry with what to do", async () => {
    for (const [error, message] of [
      ["access_denied", "the login was denied in the browser"],
      ["expired_token", "the code expired before it was approved: run gatehouse login --no-browser again"],
    ] as const) {
      const ctx = testContext({
        routes: {
          "POST /api/v1/cli/device": () => ({ body: { device_code: "d", user_code: "U", verification_uri: "v", expires_in: 600, interval: 5 } }),
          "POST /api/v1/cli/token": () => ({ status: 400, body: { error } }),
        },
      });
      expect(await runCli(ctx, ["login", "--url", GATEHOUSE, "--no-browser"])).toBe(1);
      expect(stderrOf(ctx)).toBe(`gatehouse: ${message}\n`);
    }
  });
});
