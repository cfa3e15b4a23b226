import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_BROKER, startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";

// Console sign-in through the sandbox federation endpoint, the way Gatehouse opens the AWS console for a user:
// AssumeRole → getSigninToken → login redirect → the sandbox console page.

let sandbox: AwsSandbox;
const broker = { accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey };
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const DESTINATION = "https://us-east-1.console.aws.amazon.com/systems-manager/session-manager/i-0b000000000000001?region=us-east-1";
const ISSUER = "http://localhost:3000/accounts";

async function assume(credentials: Creds, roleArn: string, extra: { DurationSeconds?: number; SourceIdentity?: string } = {}) {
  const sts = new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials, maxAttempts: 1 });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "dana@example.com", ...extra }));
  const c = out.Credentials!;
  return { creds: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, expiration: c.Expiration! };
}

function sessionParam(c: Creds): string {
  return encodeURIComponent(JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken }));
}

async function getSigninToken(c: Creds, sessionDuration?: number): Promise<Response> {
  const duration = sessionDuration === undefined ? "" : `&SessionDuration=${sessionDuration}`;
  return fetch(`${sandbox.url}/federation?Action=getSigninToken${duration}&Session=${sessionParam(c)}`);
}

async function login(token: string, destination = DESTINATION): Promise<Response> {
  const query = new URLSearchParams({ Action: "login", Issuer: ISSUER, Destination: destination, SigninToken: token });
  return fetch(`${sandbox.url}/federation?${query}`, { redirect: "manual" });
}

/** Text of the element with the given data-testid in the console page. */
function field(html: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}">([^<]*)<`).exec(html)?.[1];
}

beforeAll(async () => {
  sandbox = await startAwsSandbox({ gateway: false });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("console sign-in", () => {
  it("signs in with Custodian credentials, redirects once and shows the session on the console page", async () => {
    const { creds } = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin", { SourceIdentity: "ada@example.com" });
    const tokenResponse = await getSigninToken(creds, 43200);
    expect(tokenResponse.status).toBe(200);
    const { SigninToken } = (await tokenResponse.json()) as { SigninToken: string };
    expect(SigninToken.length).toBeGreaterThan(100);

    const redirect = await login(SigninToken);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get("location")!;
    expect(location.startsWith(`${sandbox.url}/console?`)).toBe(true);

    const page = await fetch(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("AWS Management Console (Gatehouse sandbox)");
    expect(field(html, "console-account")).toBe("111111111111");
    expect(field(html, "console-role")).toBe("CustodianAdmin");
    expect(field(html, "console-session-name")).toBe("dana@example.com");
    expect(field(html, "console-source-identity")).toBe("ada@example.com");
    expect(field(html, "console-destination")).toBe(DESTINATION.replaceAll("&", "&amp;"));
    expect(field(html, "console-issuer")).toBe(ISSUER);
    const expires = Date.parse(field(html, "console-expires")!);
    expect(Math.abs(expires - (Date.now() + 43200_000))).toBeLessThan(60_000);

    const again = await login(SigninToken);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("invalid or has expired");
  });

  it("refuses SessionDuration for chained credentials but signs them in for the credentials' lifetime", async () => {
    const custodian = await assume(broker, "arn:aws:iam::111111111111:role/CustodianDeveloper");
    const { creds, expiration } = await assume(custodian.creds, "arn:aws:iam::444444444444:role/Developer", { DurationSeconds: 3600 });
    const refused = await getSigninToken(creds, 3600);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain("role chaining");

    const ok = await getSigninToken(creds);
    expect(ok.status).toBe(200);
    const redirect = await login(((await ok.json()) as { SigninToken: string }).SigninToken);
    const html = await (await fetch(redirect.headers.get("location")!)).text();
    expect(field(html, "console-account")).toBe("444444444444");
    expect(field(html, "console-role")).toBe("Developer");
    expect(field(html, "console-expires")).toBe(expiration.toISOString());
  });

  it("rejects long-term keys, wrong secrets and out-of-range SessionDuration", async () => {
    expect((await getSigninToken(broker)).status).toBe(400);
    const { creds } = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin");
    expect((await getSigninToken({ ...creds, secretAccessKey: "wrong" })).status).toBe(400);
    expect((await getSigninToken({ ...creds, sessionToken: "wrong" })).status).toBe(400);
    for (const duration of [899, 43201]) {
      const response = await getSigninToken(creds, duration);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe("InvalidSessionDuration");
    }
    const post = await fetch(`${sandbox.url}/federation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `Action=getSigninToken&SessionDuration=900&Session=${sessionParam(creds)}`,
    });
    expect(post.status).toBe(200);
  });

  it("expires sign-in tokens after 15 minutes and console sessions at their end", async () => {
    const { creds } = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin");
    const token = ((await (await getSigninToken(creds, 900)).json()) as { SigninToken: string }).SigninToken;
    const fresh = ((await (await getSigninToken(creds, 900)).json()) as { SigninToken: string }).SigninToken;
    sandbox.state.clock.advance(15 * 60 + 1);
    try {
      expect((await login(token)).status).toBe(400);
    } finally {
      sandbox.state.clock.reset();
    }
    const redirect = await login(fresh);
    const location = redirect.headers.get("location")!;
    expect((await fetch(location)).status).toBe(200);
    sandbox.state.clock.advance(901);
    try {
      const expired = await fetch(location);
      expect(expired.status).toBe(401);
      expect(await expired.text()).toContain("Your session has expired");
    } finally {
      sandbox.state.clock.reset();
    }
    expect((await fetch(`${sandbox.url}/console`)).status).toBe(401);
  });

  it("only redirects to AWS console destinations", async () => {
    const { creds } = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin");
    const token = ((await (await getSigninToken(creds)).json()) as { SigninToken: string }).SigninToken;
    expect((await login(token, "https://evil.example.com/console")).status).toBe(400);
  });

  it("serves 20 concurrent sign-ins, each to its own console session", async () => {
    const custodian = await assume(broker, "arn:aws:iam::111111111111:role/CustodianDeveloper");
    const timings: number[] = [];
    const roles = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const started = performance.now();
        const { creds } = await assume(custodian.creds, `arn:aws:iam::${i % 2 ? "444444444444" : "555555555555"}:role/Developer`);
        const token = ((await (await getSigninToken(creds)).json()) as { SigninToken: string }).SigninToken;
        const html = await (await fetch((await login(token)).headers.get("location")!)).text();
        timings.push(performance.now() - started);
        return field(html, "console-account");
      }),
    );
    expect(roles.filter((a) => a === "444444444444")).toHaveLength(10);
    expect(roles.filter((a) => a === "555555555555")).toHaveLength(10);
    timings.sort((a, b) => a - b);
    console.info(`[sandbox-aws] 20 concurrent console sign-ins: median ${timings[10]!.toFixed(1)} ms, max ${timings[19]!.toFixed(1)} ms`);
  });

  it("shows what a switch-role link would switch to", async () => {
    const page = await fetch(`${sandbox.url}/switchrole?account=444444444444&roleName=Developer&displayName=API%20Dev`);
    const html = await page.text();
    expect(field(html, "switchrole-account")).toBe("444444444444");
    expect(field(html, "switchrole-role")).toBe("Developer");
    expect(field(html, "switchrole-display-name")).toBe("API Dev");
    expect(html).toContain('data-testid="switchrole-ready"');
    expect(await (await fetch(`${sandbox.url}/switchrole?account=12&roleName=`)).text()).toContain('data-testid="switchrole-error"');
  });
});
