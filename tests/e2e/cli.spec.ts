import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// The `gatehouse` command line end to end: the bundled program (dist/cli/gatehouse.mjs) as a child process with its
// own HOME, against the e2e Gatehouse and its sandbox. A browser login approved in this test's Chromium, then
// `configure`, and the real AWS SDK using the profile it wrote (credential_process) against the sandbox AWS; a role
// the profile does not grant; exec and env; logout; a device-code login approved in the page and revoked on the
// Command line page.

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUNDLE = path.join(ROOT, "dist", "cli", "gatehouse.mjs");
const AWS_URL = `http://127.0.0.1:${process.env.E2E_AWS_PORT ?? "4576"}`;
const ARN = "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const home = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-e2e-"));
const openedUrls = path.join(home, "opened-urls");
const fakeBrowser = path.join(home, "fake-browser.sh");
writeFileSync(fakeBrowser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedUrls}'\n`);
chmodSync(fakeBrowser, 0o755);

const cliEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, ".config"),
  AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"),
  GATEHOUSE_BROWSER: fakeBrowser,
  NODE_ENV: "production",
};

/** Starts the program; `done` resolves when it exits, `output()` is what it printed so far. */
function start(args: string[], env: NodeJS.ProcessEnv = cliEnv) {
  const child = spawn(process.execPath, [BUNDLE, ...args], { cwd: home, env, stdio: ["ignore", "pipe", "pipe"] });
  const run: Run = { code: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (run.stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ ...run, code })));
  return { done, output: () => run, kill: () => child.kill() };
}

const gatehouse = (...args: string[]) => start(args).done;

/** A secret-shaped string on stderr would end up in SDK error messages. */
function expectNoSecretOnStderr(run: Run) {
  expect(run.stderr).not.toMatch(/gh1_[A-Za-z0-9_-]{6,}|ASIA[A-Z0-9]{12,}|SecretAccessKey|SessionToken|[?&](code|state)=/);
}

/** The real AWS SDK, in its own process with the CLI's HOME: GetCallerIdentity with a profile from ~/.aws/config. */
async function callerIdentity(profile: string): Promise<Run> {
  const script = `
    import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
    const sts = new STSClient({ region: "us-east-1", endpoint: ${JSON.stringify(AWS_URL)}, profile: ${JSON.stringify(profile)} });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    console.log(identity.Arn);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, env: cliEnv, stdio: ["ignore", "pipe", "pipe"] });
  const run: Run = { code: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ ...run, code })));
}

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The approval page shows what is asking (the device name, the terminal's code); Approve. */
async function approveInBrowser(page: Page, expectedCode: string, deviceName: string) {
  await expect(page.getByTestId("cli-device-name")).toHaveText(deviceName);
  await expect(page.getByText(expectedCode, { exact: false }).first()).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
}

test.describe("the gatehouse command line", () => {
  test.describe.configure({ mode: "serial" });
  test.skip(!existsSync(BUNDLE), "dist/cli/gatehouse.mjs is built by scripts/build-cli.ts (npm run build; the e2e server builds it when missing)");

  test("Gatehouse serves the bundle with its SHA-256, publicly", async ({ request }) => {
    const answer = await request.get("/cli/gatehouse.mjs");
    expect(answer.status()).toBe(200);
    const body = await answer.body();
    const sha = createHash("sha256").update(body).digest("hex");
    expect(answer.headers()["x-gatehouse-sha256"]).toBe(sha);
    expect(sha).toBe(createHash("sha256").update(readFileSync(BUNDLE)).digest("hex"));
    expect(answer.headers()["content-type"]).toContain("javascript");
    expect(body.subarray(0, 19).toString()).toBe("#!/usr/bin/env node");
  });

  test("without a sign-in: credentials says to log in, and exits 1", async () => {
    const run = await gatehouse("credentials", "--account", "444444444444", "--role", "Developer");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("gatehouse: not signed in: run gatehouse login\n");
    expect(run.stdout).toBe("");
  });

  test("login opens the approval page; Dana signs in with Google and approves; the terminal says who and until when", async ({ page, baseURL }) => {
    const login = start(["login", "--url", baseURL!, "--device-name", "e2e-laptop"]);
    const opened = await waitFor("the browser to be opened", () => existsSync(openedUrls) && readFileSync(openedUrls, "utf8").trim().split("\n")[0]);
    expect(opened.startsWith(`${baseURL}/cli/login?`)).toBe(true);
    // The address is printed on a line of its own too, in case no browser opens.
    expect(login.output().stdout.split("\n")).toContain(opened);
    const displayCode = new URL(opened).searchParams.get("code")!;
    expect(login.output().stdout).toContain(displayCode);

    await signInAs(page, USERS.dana, opened.slice(baseURL!.length));
    await expect(page).toHaveURL(/\/cli\/login\?/);
    await approveInBrowser(page, displayCode, "e2e-laptop");
    await expect(page.getByRole("heading", { name: "Signed in" })).toBeVisible();

    const run = await login.done;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`Signed in to ${baseURL!.replace(/[.:/]/g, "\\$&")} as Dana Developer <dana@example\\.com> until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}`),
    );
    const tokenFile = path.join(home, ".config", "gatehouse", "token.json");
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = (JSON.parse(readFileSync(tokenFile, "utf8")) as { token: string }).token;
    expect(token).toMatch(/^gh1_/);
    expect(run.stdout).not.toContain(token);

    const status = await gatehouse("status");
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("as Dana Developer <dana@example.com>");
    expect(status.stdout).toContain("device: e2e-laptop");

    const ls = await gatehouse("ls");
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/API Dev\s+444444444444\s+Developer\s+gh-api-dev-developer/);
  });

  test("configure writes the profiles; the real AWS SDK runs credential_process and is Developer in API Dev", async () => {
    const mine = "[default]\nregion = eu-west-1\n\n[profile personal]\noutput = json\n";
    mkdirSync(path.join(home, ".aws"), { recursive: true });
    writeFileSync(cliEnv.AWS_CONFIG_FILE!, mine);

    const configure = await gatehouse("configure");
    expect(configure.code).toBe(0);
    expect(configure.stdout).toContain("gh-api-dev-developer");
    const config = readFileSync(cliEnv.AWS_CONFIG_FILE!, "utf8");
    expect(config.startsWith(mine)).toBe(true);
    expect(config).toContain("# >>> gatehouse");
    expect(config).toContain(
      `[profile gh-api-dev-developer]\ncredential_process = ${process.execPath} ${BUNDLE} credentials --account 444444444444 --role Developer\n`,
    );
    expect((await gatehouse("configure")).stdout).toContain("is up to date");

    const first = await callerIdentity("gh-api-dev-developer");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe(ARN);
    // The second process is served from the cache: one file, and the same keys.
    const cacheDir = path.join(home, ".config", "gatehouse", "cache");
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(statSync(path.join(cacheDir, readdirSync(cacheDir)[0]!)).mode & 0o777).toBe(0o600);
    const again = await callerIdentity("gh-api-dev-developer");
    expect(again.stdout.trim()).toBe(ARN);
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  test("a role the profile does not grant: exit 1 with decide()'s reason on stderr, and an audit record", async ({ page }) => {
    const run = await gatehouse("credentials", "--account", "333333333333", "--role", "Developer");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^gatehouse: Gatehouse refused: .+\n$/);
    expectNoSecretOnStderr(run);

    await signInAs(page, USERS.dana);
    await page.goto("/audit?action=credentials.issue&outcome=denied");
    const row = page.locator('[data-testid="audit-row"][data-action="credentials.issue"][data-outcome="denied"]').first();
    await expect(row).toContainText("333333333333");
  });

  test("exec runs a command with the credentials in its environment and passes its exit status; env prints export lines", async () => {
    const script =
      "console.log(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SESSION_TOKEN && process.env.AWS_CREDENTIAL_EXPIRATION ? 'has-credentials' : 'none'); process.exit(3)";
    const exec = await gatehouse("exec", "--account", "API Dev", "--role", "Developer", "--", process.execPath, "-e", script);
    expect(exec.code).toBe(3);
    expect(exec.stdout.trim()).toBe("has-credentials");

    const env = await gatehouse("env", "--account", "444444444444", "--role", "Developer");
    expect(env.code).toBe(0);
    expect(env.stdout).toMatch(
      /^export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+'\nexport AWS_SECRET_ACCESS_KEY='[^']+'\nexport AWS_SESSION_TOKEN='[^']+'\nexport AWS_CREDENTIAL_EXPIRATION='[^']+'\n/,
    );
  });

  test("shell in a pty runs echo hello and exits; forward reaches PostgreSQL through the demo's gateway; both on the audit page", async ({ page }) => {
    const pty = await import("node-pty");
    let output = "";
    const shell = pty.spawn(process.execPath, [BUNDLE, "shell", "i-0b000000000000001", "--reason", "e2e shell"], {
      cols: 100,
      rows: 30,
      cwd: home,
      env: cliEnv as Record<string, string>,
    });
    shell.onData((data) => (output += data));
    const exited = new Promise<number>((resolve) => shell.onExit(({ exitCode }) => resolve(exitCode)));
    await waitFor("the prompt", () => output.includes("i-0b000000000000001$ "));
    shell.write("echo hel''lo-e2e\r");
    // Only the output has it: the typed command reads hel''lo-e2e.
    await waitFor("echo's output", () => output.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, "").includes("hello-e2e"));
    shell.write("exit\r");
    expect(await exited).toBe(0);

    const localPort = 20000 + Math.floor(Math.random() * 20000);
    const forward = start([
      "forward",
      "Develop",
      "--account",
      "444444444444",
      "--region",
      "us-east-1",
      "--remote-port",
      "5432",
      "--local-port",
      String(localPort),
      "--reason",
      "e2e forward",
    ]);
    await waitFor("the forward", () => forward.output().stderr.includes("Ctrl-C to stop"));
    const pg = (await import("pg")).default;
    const client = new pg.Client({ host: "127.0.0.1", port: localPort, user: "postgres", database: "postgres" });
    await client.connect();
    expect((await client.query<{ n: number }>("SELECT 40 + 2 AS n")).rows[0]!.n).toBe(42);
    await client.end();
    forward.kill();
    const run = await forward.done;
    expectNoSecretOnStderr(run);

    await signInAs(page, USERS.dana);
    await page.goto("/audit?action=forward.open&outcome=issued");
    await expect(page.locator('[data-testid="audit-row"][data-action="forward.open"][data-outcome="issued"]').first()).toContainText("i-0b000000000000001");
  });

  test("logout revokes the token; the next credentials call says not signed in", async () => {
    const logout = await gatehouse("logout");
    expect(logout.code).toBe(0);
    expect(existsSync(path.join(home, ".config", "gatehouse", "token.json"))).toBe(false);
    expect(readdirSync(path.join(home, ".config", "gatehouse", "cache"))).toHaveLength(0);
    const run = await gatehouse("credentials", "--no-cache", "--account", "444444444444", "--role", "Developer");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("gatehouse: not signed in: run gatehouse login\n");
    // The AWS SDK now fails (its default chain reports "Could not load credentials from any providers"), with no
    // secret in what it prints.
    const sdk = await callerIdentity("gh-api-dev-developer");
    expect(sdk.code).not.toBe(0);
    expect(sdk.stdout).toBe("");
    expectNoSecretOnStderr(sdk);
  });

  test("--no-browser: the device code approved in the page signs in; revoked on the Command line page, the token stops", async ({ page, baseURL }) => {
    const login = start(["login", "--no-browser", "--device-name", "e2e-server"]);
    const verification = await waitFor("the verification address", () =>
      login
        .output()
        .stdout.split("\n")
        .find((line) => line.startsWith(`${baseURL}/cli/device?user_code=`)),
    );
    const userCode = new URL(verification).searchParams.get("user_code")!;
    expect(login.output().stdout).toContain(userCode);

    await signInAs(page, USERS.dana, verification.slice(baseURL!.length));
    await expect(page).toHaveURL(/\/cli\/device\?user_code=/);
    await approveInBrowser(page, userCode, "e2e-server");
    const run = await login.done;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Signed in to");
    expect(existsSync(openedUrls) && readFileSync(openedUrls, "utf8").includes("/cli/device")).toBe(false);

    expect((await gatehouse("credentials", "--account", "444444444444", "--role", "Developer")).code).toBe(0);

    await page.goto("/cli");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: /^Revoke e2e-server/ }).click();
    await expect(page.getByRole("button", { name: /^Revoke e2e-server/ })).toHaveCount(0);

    const refused = await gatehouse("credentials", "--no-cache", "--account", "444444444444", "--role", "Developer");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^gatehouse: not signed in: .+ Run: gatehouse login\n$/);
    expectNoSecretOnStderr(refused);
  });
});
