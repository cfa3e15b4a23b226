// SDKs copy a credential_process's stderr into their errors and logs: whatever fails, no token, key, session token,
// verifier or code may be written there.
import { describe, expect, it } from "vitest";
import { redactSecrets } from "@/cli/redact";
import { runCli } from "@/cli/run";
import { issuedCredentials, stderrOf, stdoutOf, testContext, TOKEN, type FakeRoute, type TestContext } from "./cli-test-context";
import { signIn } from "./signed-in";

const CREDENTIALS = ["credentials", "--account", "444444444444", "--role", "Developer"];

function expectNoSecret(ctx: TestContext, secrets: string[]) {
  const err = stderrOf(ctx);
  expect(err).not.toBe("");
  for (const secret of [TOKEN, TOKEN.split("_")[2]!, ...secrets]) expect(err).not.toContain(secret);
  expect(err).not.toMatch(/ASIA[A-Z0-9]{12,}|gh1_[A-Za-z0-9]{6,}_/);
}

async function failing(route: FakeRoute | undefined, argv = CREDENTIALS) {
  const ctx = testContext({
    routes: route ? { "POST /api/v1/credentials": route, "GET /api/v1/me": route, "GET /api/v1/roles": route, "DELETE /api/v1/session": route } : {},
  });
  signIn(ctx);
  const code = await runCli(ctx, argv);
  return { ctx, code };
}

describe("no secret reaches stderr", () => {
  it("when Gatehouse refuses: its message, nothing else, exit 1", async () => {
    const { ctx, code } = await failing(() => ({
      status: 403,
      body: { error: "not-granted", message: "Your access profile does not grant ReadOnly in API Prod.", retryable: false },
    }));
    expect(code).toBe(1);
    expect(stderrOf(ctx)).toBe("gatehouse: Gatehouse refused: Your access profile does not grant ReadOnly in API Prod.\n");
    expect(stdoutOf(ctx)).toBe("");
    expectNoSecret(ctx, []);
  });

  it("when the token is refused (revoked or expired): not signed in, and what to do", async () => {
    const { ctx, code } = await failing(() => ({ status: 401, body: { error: "unauthenticated", message: "This command-line sign-in was revoked." } }));
    expect(code).toBe(1);
    expect(stderrOf(ctx)).toBe("gatehouse: not signed in: This command-line sign-in was revoked. Run: gatehouse login\n");
    expectNoSecret(ctx, []);
  });

  it("when the network is down: could not be reached, with the address", async () => {
    const { ctx, code } = await failing(undefined);
    expect(code).toBe(1);
    expect(stderrOf(ctx)).toMatch(/^gatehouse: Gatehouse at https:\/\/gatehouse\.example\.com could not be reached \(ECONNREFUSED\)/);
    expectNoSecret(ctx, []);
  });

  it("when the server's message itself echoes a secret (a buggy or hostile server)", async () => {
    const leaked = issuedCredentials(testContext());
    const { ctx } = await failing(() => ({
      status: 400,
      body: {
        error: "invalid-input",
        message: `bad token ${TOKEN} key ${leaked.AccessKeyId} "SecretAccessKey": "${leaked.SecretAccessKey}" see ?code=abc123&state=xyz789`,
      },
    }));
    expectNoSecret(ctx, [leaked.SecretAccessKey, "abc123", "xyz789"]);
    expect(stderrOf(ctx)).toContain("Gatehouse refused: bad token");
  });

  it("when the answer is malformed, for every command that uses the token", async () => {
    for (const argv of [CREDENTIALS, ["status"], ["ls"], ["configure"], ["env", ...CREDENTIALS.slice(1)], ["logout"]]) {
      const { ctx, code } = await failing(() => ({ status: 502, body: { error: "aws-error", message: "AWS said no." } }), argv);
      expect(code, argv.join(" ")).toBe(1);
      expectNoSecret(ctx, []);
    }
  });

  it("when the cached credentials are fine but stdout fails later: the keys are known secrets for the scrubber", async () => {
    const ctx = testContext({ routes: { "POST /api/v1/credentials": () => ({ body: issuedCredentials(ctx) }) } });
    signIn(ctx);
    await runCli(ctx, CREDENTIALS);
    const keys = issuedCredentials(ctx);
    ctx.stderr(`oops ${keys.SecretAccessKey} ${keys.SessionToken}\n`);
    expect(stderrOf(ctx)).toBe("oops [redacted] [redacted]\n");
  });

  it("the scrubber removes shapes of secrets even when their values are not known", () => {
    expect(redactSecrets("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
    expect(redactSecrets("http://127.0.0.1:5000/callback?code=AbC&state=Zz9")).toBe("http://127.0.0.1:5000/callback?code=[redacted]&state=[redacted]");
    expect(redactSecrets('{"device_code":"dc-123","user_code":"ABCD"}')).toBe('{"device_code":"[redacted]","user_code":"ABCD"}');
    expect(redactSecrets("AKIAIOSFODNN7EXAMPLE gh1_abcdef_ghijkl")).toBe("[redacted key id] gh1_[redacted]");
  });
});
