import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { startGoogleSandbox, type GoogleSandbox } from "@/sandbox/google/start-google-sandbox";
import { applyAppEnvironment } from "../support/app-env";
import { obtainIdToken, type OidcClient } from "../support/google-sign-in";
import { consoleEnvironment, countCalls, DANA } from "./console-fixtures";

// BROKER_MODE=web-identity: no broker keys at all. The user's Google ID token (a real one from the sandbox issuer)
// goes to AssumeRoleWithWebIdentity for the Custodian role; the target hop then sets source identity and tags.

const CLIENT_ID = "gatehouse-sandbox-client";
const REDIRECT = "http://localhost:3000/api/auth/callback/google";
const DEVELOPER = { id: "developer", custodianRole: "arn:aws:iam::111111111111:role/CustodianDeveloper" };

let google: GoogleSandbox;
let aws: AwsSandbox;
let restoreEnv: () => void;
let chain: typeof import("@/lib/aws/role-chain");
let errors: typeof import("@/lib/aws/role-chain-error");
let idToken: string;

beforeAll(async () => {
  google = await startGoogleSandbox({ port: 0, clients: [{ clientId: CLIENT_ID, clientSecret: "s1", redirectUris: [REDIRECT] }] });
  aws = await startAwsSandbox({ port: 0, gateway: false, googleIssuer: google.issuer, googleAudience: CLIENT_ID });
  restoreEnv = applyAppEnvironment(
    consoleEnvironment(aws, "postgresql://unused@127.0.0.1:1/unused", {
      BROKER_MODE: "web-identity",
      GOOGLE_ISSUER: google.issuer,
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
    }),
  );
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  chain = await import("@/lib/aws/role-chain");
  errors = await import("@/lib/aws/role-chain-error");
  const client: OidcClient = { issuer: google.issuer, clientId: CLIENT_ID, clientSecret: "s1", redirectUri: REDIRECT };
  idToken = await obtainIdToken(client, "dana@example.com");
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
  await google?.close();
});
beforeEach(() => {
  chain.resetRoleChainCache();
  aws.stats.reset();
  aws.state.clock.reset();
});

describe("role chain with web identity", () => {
  it("enters CustodianDeveloper with Dana's Google ID token, then Developer@444444444444 tagged as her", async () => {
    const session = await chain.assumeTargetRole({
      user: { sub: DANA.sub, email: DANA.email, idToken },
      profile: DEVELOPER,
      accountId: "444444444444",
      roleName: "Developer",
    });
    const sts = new STSClient({ endpoint: aws.url, region: "us-east-1", credentials: session.credentials, maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com");
    expect(session.chained).toBe(true);
    expect(aws.state.credentials.lookup(session.credentials.accessKeyId)?.caller).toMatchObject({
      sourceIdentity: "dana@example.com",
      sessionTags: { email: "dana@example.com", profile: "developer" },
    });
    expect(countCalls(aws, "sts", "AssumeRoleWithWebIdentity")).toBe(1);
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(1);
  });

  it("says to sign in again when the session holds no ID token, or an expired one, without calling AWS", async () => {
    const missing = await chain
      .assumeTargetRole({ user: { sub: DANA.sub, email: DANA.email }, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(errors.IdTokenUnavailableError);
    expect(errors.describeRoleChainFault(missing)).toMatchObject({ status: 401, retryable: false });

    const [header, , signature] = idToken.split(".");
    const stale = `${header}.${Buffer.from(JSON.stringify({ sub: DANA.sub, exp: Math.floor(Date.now() / 1000) - 60 })).toString("base64url")}.${signature}`;
    const expired = await chain
      .assumeTargetRole({ user: { sub: DANA.sub, email: DANA.email, idToken: stale }, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" })
      .catch((e: unknown) => e);
    expect(errors.describeRoleChainFault(expired).message).toContain("Google ID tokens last one hour");
    expect(aws.stats.snapshot().total).toBe(0);
  });

  it("maps STS's own expired-token answer to the same sign-in-again message", async () => {
    aws.state.clock.advance(2 * 3600); // STS now sees the (one-hour) ID token as expired
    const failure = await chain
      .assumeTargetRole({ user: { sub: DANA.sub, email: DANA.email, idToken }, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(errors.RoleChainError);
    expect(errors.describeRoleChainFault(failure)).toMatchObject({ status: 401, retryable: false, message: expect.stringContaining("sign in again") });
  });
});
