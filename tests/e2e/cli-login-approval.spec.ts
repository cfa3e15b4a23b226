import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// A command-line login approved in the browser, driven by hand the way `gatehouse login` does it: a one-request
// loopback server of the test's own as the redirect URI, the /cli/login page reached through Google sign-in,
// Approve, the code traded at /api/v1/cli/token with the PKCE verifier, then the token used on /api/v1/me and
// /api/v1/credentials (the credentials checked with the real AWS SDK against the sandbox), refused on browser
// routes, and revoked from the Command line page. Also Copy temporary credentials in the console options.

const AWS_URL = `http://127.0.0.1:${process.env.E2E_AWS_PORT ?? "4576"}`;
const ARN = "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com";

interface Loopback {
  redirectUri: string;
  received: Promise<URL>;
  close(): Promise<void>;
}

async function listenOnLoopback(): Promise<Loopback> {
  let resolve!: (url: URL) => void;
  const received = new Promise<URL>((done) => (resolve = done));
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>Signed in</title><p>You can close this tab.</p>");
    if (url.pathname === "/callback") resolve(url);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}/callback`, received, close: () => new Promise((done) => server.close(() => done())) };
}

function loginQuery(redirectUri: string, device: string) {
  const verifier = randomBytes(48).toString("base64url");
  const state = randomBytes(32).toString("base64url");
  const query = new URLSearchParams({
    redirect_uri: redirectUri,
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    device,
    code: "WDJB-MJHT",
  });
  return { verifier, state, path: `/cli/login?${query}` };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signs Dana in on the approval page itself (sent through Google sign-in and back), approves, returns the token. */
async function approveAndExchange(page: Page, device: string): Promise<string> {
  const loopback = await listenOnLoopback();
  try {
    const login = loginQuery(loopback.redirectUri, device);
    await signInAs(page, USERS.dana, login.path);
    await expect(page).toHaveURL(/\/cli\/login\?/);
    await expect(page.getByTestId("cli-device-name")).toHaveText(device);
    await expect(page.getByTestId("cli-display-code")).toHaveText("WDJB-MJHT");
    await page.getByTestId("cli-approve").click();
    const callback = await loopback.received;
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    expect(callback.searchParams.get("state")).toBe(login.state);
    const code = callback.searchParams.get("code")!;

    const exchange = await page.request.post("/api/v1/cli/token", {
      data: { grant_type: "authorization_code", code, code_verifier: login.verifier, redirect_uri: loopback.redirectUri },
    });
    expect(exchange.status(), await exchange.text()).toBe(200);
    const answer = (await exchange.json()) as { token: string; email: string; expiresAt: string };
    expect(answer.email).toBe("dana@example.com");
    // The code worked once.
    const again = await page.request.post("/api/v1/cli/token", {
      data: { grant_type: "authorization_code", code, code_verifier: login.verifier, redirect_uri: loopback.redirectUri },
    });
    expect(again.status()).toBe(400);
    return answer.token;
  } finally {
    await loopback.close();
  }
}

test("a command-line login approved in the browser gives a token for /api/v1: who, and Dana's own AWS credentials", async ({ page, playwright, baseURL }) => {
  // The second exchange above revoked the first token (a replayed code); log in again for a token to use.
  const replayed = await approveAndExchange(page, "e2e-replayed");
  const loopback = await listenOnLoopback();
  const login = loginQuery(loopback.redirectUri, "e2e-laptop");
  await page.goto(login.path);
  await page.getByTestId("cli-approve").click();
  const callback = await loopback.received;
  await page.waitForURL((url) => url.host === new URL(loopback.redirectUri).host, { waitUntil: "commit" });
  await loopback.close();
  // The command's own calls carry no cookie: a fresh request context, as the command line is.
  const cli = await playwright.request.newContext({ baseURL });
  try {
    const exchange = await cli.post("/api/v1/cli/token", {
      data: { grant_type: "authorization_code", code: callback.searchParams.get("code"), code_verifier: login.verifier, redirect_uri: loopback.redirectUri },
    });
    expect(exchange.status()).toBe(200);
    const { token } = (await exchange.json()) as { token: string };

    const me = await cli.get("/api/v1/me", { headers: bearer(token) });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({
      email: "dana@example.com",
      name: "Dana Developer",
      deviceName: "e2e-laptop",
      groups: ["developers@example.com", "engineering@example.com"],
    });
    expect((await cli.get("/api/v1/me")).status()).toBe(401);
    expect((await cli.get("/api/v1/me", { headers: bearer(replayed) })).status()).toBe(401);
    expect((await cli.get("/api/v1/me", { headers: bearer(`${token.slice(0, -2)}xx`) })).status()).toBe(401);

    const issued = await cli.post("/api/v1/credentials", { headers: bearer(token), data: { account: "API Dev", role: "Developer" } });
    expect(issued.status(), await issued.text()).toBe(200);
    const output = (await issued.json()) as { Version: number; AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    expect(output.Version).toBe(1);
    const sts = new STSClient({
      endpoint: AWS_URL,
      region: "us-east-1",
      maxAttempts: 1,
      credentials: { accessKeyId: output.AccessKeyId, secretAccessKey: output.SecretAccessKey, sessionToken: output.SessionToken },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(ARN);

    const refused = await cli.post("/api/v1/credentials", { headers: bearer(token), data: { account: "API Prod", role: "Admin" } });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: "not-granted",
      message: "Your profiles (developer) do not grant role Admin in account 333333333333 (API Prod). They grant ReadOnly there.",
    });

    // A token is no browser session: pages send it to sign-in, browser routes answer 401, and it cannot approve logins.
    expect((await cli.get("/cli", { headers: bearer(token), maxRedirects: 0 })).status()).toBe(307);
    expect((await cli.post("/api/console", { headers: bearer(token), data: { accountId: "444444444444", roleName: "Developer" } })).status()).toBe(401);
    const approve = await cli.post("/api/cli/login/approve", {
      headers: bearer(token),
      data: {
        redirect_uri: "http://127.0.0.1:1/callback",
        state: "x".repeat(20),
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
        device: "evil",
        code: "BCDF-GHJK",
      },
    });
    expect(approve.status()).toBe(401);

    // The Command line page lists the device with its address; Revoke ends the token at its next use.
    await page.goto("/cli");
    const row = page.getByTestId("cli-device").filter({ hasText: "e2e-laptop" });
    await expect(row).toBeVisible();
    await expect(page.getByTestId("cli-sha256")).toHaveText(/^[0-9a-f]{64}$/);
    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: /^Revoke e2e-laptop/ }).click();
    await expect(row).toHaveCount(0);
    expect((await cli.get("/api/v1/me", { headers: bearer(token) })).status()).toBe(401);
    expect((await cli.post("/api/v1/credentials", { headers: bearer(token), data: { account: "444444444444", role: "Developer" } })).status()).toBe(401);
  } finally {
    await cli.dispose();
  }
});

test("the approval page refuses a redirect to a host other than loopback, and Deny tells the terminal", async ({ page }) => {
  const evil = loginQuery("http://evil.example:8080/callback", "phish");
  await signInAs(page, USERS.dana, evil.path);
  await expect(page.getByTestId("cli-login-refused")).toContainText("loopback only");
  await expect(page.getByTestId("cli-approve")).toHaveCount(0);

  const loopback = await listenOnLoopback();
  try {
    const login = loginQuery(loopback.redirectUri, "denied-device");
    await page.goto(login.path);
    await page.getByTestId("cli-deny").click();
    const callback = await loopback.received;
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(login.state);
    expect(callback.searchParams.has("code")).toBe(false);
    // The terminal can get the answer before the browser has finished navigating there: let it land first.
    await page.waitForURL((url) => url.host === new URL(loopback.redirectUri).host, { waitUntil: "commit" });
    // Answered once: the same request cannot be approved afterwards.
    await page.goto(login.path);
    await expect(page.getByText("This login was already answered")).toBeVisible();
  } finally {
    await loopback.close();
  }
});

test("the console options show the role's profile name and commands, and copy temporary credentials", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAs(page, USERS.dana);
  const access = page.getByTestId("access-444444444444");
  await expect(async () => {
    await page.goto("/");
    await expect(access.getByRole("button", { name: "Console options for Developer in API Dev (444444444444)" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await access.getByRole("button", { name: "Console options for Developer in API Dev (444444444444)" }).click();
  const options = access.getByTestId("console-options");
  await expect(options.getByTestId("cli-profile-name")).toHaveText("gh-api-dev-developer");
  await expect(options.getByTestId("cli-aws-command")).toHaveText("aws sts get-caller-identity --profile gh-api-dev-developer");
  await expect(options.getByTestId("cli-gatehouse-command")).toHaveText("gatehouse credentials --account 444444444444 --role Developer");
  await options.getByTestId("copy-credentials").click();
  await expect(options.getByTestId("copy-credentials-result")).toContainText("Copied export lines for Developer");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const values = Object.fromEntries(
    copied
      .trim()
      .split("\n")
      .map((line) => /^export (\w+)='(.*)'$/.exec(line)!.slice(1, 3)),
  );
  expect(Object.keys(values)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
  const sts = new STSClient({
    endpoint: AWS_URL,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: values.AWS_ACCESS_KEY_ID!, secretAccessKey: values.AWS_SECRET_ACCESS_KEY!, sessionToken: values.AWS_SESSION_TOKEN! },
  });
  expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(ARN);
  // The credentials are on the clipboard, never on the page.
  await expect(page.getByText(values.AWS_SECRET_ACCESS_KEY!)).toHaveCount(0);
});
