import { describe, expect, it } from "vitest";
import { runCli } from "@/cli/run";
import { issuedCredentials, stderrOf, stdoutOf, testContext, type TestContext } from "./cli-test-context";
import { signIn } from "./signed-in";

const ROLE = ["--account", "444444444444", "--role", "Developer"];

function signedIn(env: Record<string, string> = {}) {
  const ctx: TestContext = testContext({
    routes: { "POST /api/v1/credentials": () => ({ body: issuedCredentials(ctx) }) },
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  signIn(ctx);
  return ctx;
}

describe("gatehouse exec and env", () => {
  it("exec runs the command with the credentials in its environment, without AWS_PROFILE, and passes its exit status through", async () => {
    const ctx = signedIn({ AWS_PROFILE: "somewhere-else" });
    const script =
      "process.exit(process.env.AWS_ACCESS_KEY_ID === 'ASIAEXAMPLEKEY00001' && process.env.AWS_SESSION_TOKEN && process.env.AWS_SECRET_ACCESS_KEY && process.env.AWS_CREDENTIAL_EXPIRATION && !process.env.AWS_PROFILE ? 7 : 1)";
    expect(await runCli(ctx, ["exec", ...ROLE, "--", process.execPath, "-e", script])).toBe(7);
    expect(await runCli(ctx, ["exec", ...ROLE, "--", process.execPath, "-e", "process.kill(process.pid, 'SIGTERM')"])).toBe(143);
  });

  it("exec says when the command does not exist (127)", async () => {
    const ctx = signedIn();
    expect(await runCli(ctx, ["exec", ...ROLE, "--", "no-such-command-here"])).toBe(127);
    expect(stderrOf(ctx)).toBe("gatehouse: no-such-command-here: command not found\n");
  });

  it("env prints export lines a POSIX shell can eval", async () => {
    const ctx = signedIn();
    expect(await runCli(ctx, ["env", ...ROLE])).toBe(0);
    const credentials = issuedCredentials(ctx);
    expect(stdoutOf(ctx)).toBe(
      [
        `export AWS_ACCESS_KEY_ID='${credentials.AccessKeyId}'`,
        `export AWS_SECRET_ACCESS_KEY='${credentials.SecretAccessKey}'`,
        `export AWS_SESSION_TOKEN='${credentials.SessionToken}'`,
        `export AWS_CREDENTIAL_EXPIRATION='${credentials.Expiration}'`,
        "export AWS_ACCOUNT_ID='444444444444'",
        "unset AWS_PROFILE AWS_DEFAULT_PROFILE",
        "",
      ].join("\n"),
    );
  });

  it("console opens Gatehouse's console route for the role, resolving an account name", async () => {
    const ctx = testContext({
      routes: { "GET /api/v1/roles": () => ({ body: { roles: [{ accountId: "444444444444", accountName: "API Dev", roleName: "Developer" }] } }) },
    });
    signIn(ctx);
    expect(await runCli(ctx, ["console", "--account", "api dev", "--role", "Developer", "--region", "eu-west-1"])).toBe(0);
    expect(ctx.opened).toEqual(["https://gatehouse.example.com/api/console/open?accountId=444444444444&roleName=Developer&destination=home%3Aeu-west-1"]);
    expect(await runCli(ctx, ["console", "--account", "Nope", "--role", "Developer"])).toBe(1);
    expect(stderrOf(ctx)).toContain('no account named "Nope" with role Developer is open to you');
  });
});
