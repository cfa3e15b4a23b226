import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed, startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";

// AssumeRoleWithWebIdentity against a stand-in Google issuer: the sandbox discovers the issuer's JWKS, checks
// signature, issuer, expiry, and the role trust policy's Federated principal and aud condition.

const AUDIENCE = "gatehouse-test-client";
let issuerServer: Server;
let issuer: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let sandbox: AwsSandbox;

async function idToken(claims: { aud?: string; iss?: string; exp?: number; sub?: string } = {}, key = signingKey): Promise<string> {
  return new SignJWT({ email: "dana@example.com", email_verified: true, hd: "example.com" })
    .setProtectedHeader({ alg: "RS256", kid: "sandbox-key" })
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? AUDIENCE)
    .setSubject(claims.sub ?? "100000000000000000002")
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 3600)
    .sign(key);
}

function webIdentity(token: string, roleArn = "arn:aws:iam::111111111111:role/CustodianDeveloper", url = sandbox.url) {
  const sts = new STSClient({ endpoint: url, region: "us-east-1", maxAttempts: 1 });
  return sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "dana@example.com", WebIdentityToken: token }));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "sandbox-key", alg: "RS256", use: "sig" };
  issuerServer = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") return void res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (req.url === "/jwks") return void res.end(JSON.stringify({ keys: [jwk] }));
    res.statusCode = 404;
    res.end("{}");
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  sandbox = await startAwsSandbox({ googleIssuer: issuer, googleAudience: AUDIENCE, gateway: false });
});
afterAll(async () => {
  await sandbox?.close();
  await new Promise<void>((resolve) => issuerServer?.close(() => resolve()));
});

describe("AssumeRoleWithWebIdentity", () => {
  it("trades a valid ID token for Custodian role credentials that work and chain", async () => {
    const out = await webIdentity(await idToken());
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::111111111111:assumed-role/CustodianDeveloper/dana@example.com");
    expect(out.SubjectFromWebIdentityToken).toBe("100000000000000000002");
    expect(out.Audience).toBe(AUDIENCE);
    expect(out.Provider).toBe(issuer.replace("http://", ""));
    const creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const sts = new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser?.Arn);
    const chained = await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::555555555555:role/Developer", RoleSessionName: "dana@example.com" }));
    expect(chained.AssumedRoleUser?.Arn).toBe("arn:aws:sts::555555555555:assumed-role/Developer/dana@example.com");
    const tooLong = await rejection(
      sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::555555555555:role/Developer", RoleSessionName: "d1", DurationSeconds: 7200 })),
    );
    expect(tooLong.message).toBe("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  });

  it("refuses tokens for another audience, another issuer, with a foreign signature or expired", async () => {
    const wrongAud = await rejection(webIdentity(await idToken({ aud: "someone-else" })));
    expect(wrongAud).toMatchObject({ name: "AccessDenied", message: "Not authorized to perform sts:AssumeRoleWithWebIdentity" });
    const otherIssuer = await rejection(webIdentity(await idToken({ iss: "https://issuer.example.com" })));
    expect(otherIssuer).toMatchObject({
      name: "InvalidIdentityTokenException",
      message: "No OpenIDConnect provider found in your account for https://issuer.example.com",
    });
    expect((await rejection(webIdentity(await idToken({}, strangerKey)))).name).toBe("InvalidIdentityTokenException");
    expect((await rejection(webIdentity("not.a.jwt"))).name).toBe("InvalidIdentityTokenException");
    const expired = await rejection(webIdentity(await idToken({ exp: Math.floor(Date.now() / 1000) - 60 })));
    expect(expired.name).toBe("ExpiredTokenException");
    expect(expired.message).toMatch(/^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/);
    expect((await rejection(webIdentity(await idToken(), "arn:aws:iam::444444444444:role/Developer"))).name).toBe("AccessDenied");
  });

  it("honours trust policies written for Google (Federated accounts.google.com)", async () => {
    const seed = loadSeed();
    const googleShaped = {
      ...seed.iam.roles.find((r) => r.name === "ReadOnly")!,
      name: "GoogleReader",
      accounts: ["111111111111"],
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: "accounts.google.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "accounts.google.com:aud": AUDIENCE, "accounts.google.com:sub": "100000000000000000002" } },
          },
        ],
      },
    };
    const other = await startAwsSandbox({
      seed: { ...seed, iam: { ...seed.iam, roles: [...seed.iam.roles, googleShaped] } },
      googleIssuer: issuer,
      gateway: false,
    });
    try {
      const out = await webIdentity(await idToken(), "arn:aws:iam::111111111111:role/GoogleReader", other.url);
      expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::111111111111:assumed-role/GoogleReader/dana@example.com");
      const otherUser = await rejection(webIdentity(await idToken({ sub: "100000000000000000003" }), "arn:aws:iam::111111111111:role/GoogleReader", other.url));
      expect(otherUser.name).toBe("AccessDenied");
    } finally {
      await other.close();
    }
  });
});
