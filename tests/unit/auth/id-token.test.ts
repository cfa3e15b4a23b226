import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { IdTokenError, verifyGoogleIdToken, type IdTokenErrorCode } from "@/lib/auth/id-token";

const ISSUER = "https://accounts.google.com";
const CLIENT_ID = "gatehouse-client.apps.googleusercontent.com";

let googleKey: CryptoKey;
let otherKey: CryptoKey;
let googleJwks: { keys: JWK[] };

beforeAll(async () => {
  const google = await generateKeyPair("RS256");
  const other = await generateKeyPair("RS256");
  googleKey = google.privateKey;
  otherKey = other.privateKey;
  googleJwks = { keys: [{ ...(await exportJWK(google.publicKey)), kid: "google-1", alg: "RS256", use: "sig" }] };
});

type TokenOverrides = { key?: CryptoKey; kid?: string; issuer?: string; audience?: string; issuedAt?: number; expiresAt?: number };

function signIdToken(claims: Record<string, unknown> = {}, o: TokenOverrides = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: "dana@example.com", email_verified: true, hd: "example.com", name: "Dana Developer", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: o.kid ?? "google-1", typ: "JWT" })
    .setIssuer(o.issuer ?? ISSUER)
    .setAudience(o.audience ?? CLIENT_ID)
    .setSubject("100000000000000000002")
    .setIssuedAt(o.issuedAt ?? now)
    .setExpirationTime(o.expiresAt ?? now + 3600)
    .sign(o.key ?? googleKey);
}

async function expectRejected(token: string, code: IdTokenErrorCode): Promise<void> {
  const error = await verifyGoogleIdToken(token, { issuer: ISSUER, audience: CLIENT_ID, jwks: googleJwks }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IdTokenError);
  expect((error as IdTokenError).code).toBe(code);
}

describe("verifyGoogleIdToken", () => {
  it("returns the claims of a token Google signed for us", async () => {
    const claims = await verifyGoogleIdToken(await signIdToken(), { issuer: ISSUER, audience: CLIENT_ID, jwks: googleJwks });
    expect(claims).toMatchObject({ sub: "100000000000000000002", email: "dana@example.com", hd: "example.com", email_verified: true });
  });

  it("accepts Google's scheme-less issuer form when both are allowed", async () => {
    const token = await signIdToken({}, { issuer: "accounts.google.com" });
    const claims = await verifyGoogleIdToken(token, { issuer: [ISSUER, "accounts.google.com"], audience: CLIENT_ID, jwks: googleJwks });
    expect(claims.iss).toBe("accounts.google.com");
  });

  it("rejects a token signed by another key under Google's key ID", async () => {
    await expectRejected(await signIdToken({}, { key: otherKey }), "bad-signature");
  });

  it("rejects a token whose key ID Google never published", async () => {
    await expectRejected(await signIdToken({}, { key: otherKey, kid: "attacker" }), "bad-signature");
  });

  it("rejects a token issued to another client", async () => {
    await expectRejected(await signIdToken({}, { audience: "someone-else.apps.googleusercontent.com" }), "wrong-audience");
  });

  it("rejects a token from another issuer", async () => {
    await expectRejected(await signIdToken({}, { issuer: "https://evil.example" }), "wrong-issuer");
  });

  it("rejects an expired token, but tolerates a little clock skew", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await signIdToken({}, { issuedAt: now - 7200, expiresAt: now - 3600 }), "expired");
    const justExpired = await signIdToken({}, { issuedAt: now - 3605, expiresAt: now - 5 });
    await expect(verifyGoogleIdToken(justExpired, { issuer: ISSUER, audience: CLIENT_ID, jwks: googleJwks })).resolves.toBeDefined();
  });

  it("rejects a token issued in the future", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await signIdToken({}, { issuedAt: now + 600, expiresAt: now + 4200 }), "not-yet-valid");
  });

  it("rejects something that is not a JWT", async () => {
    await expectRejected("not.a.jwt", "malformed");
  });

  it("rejects an unsigned (alg none) token as unsigned by Google", async () => {
    const [, payload] = (await signIdToken()).split(".");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    await expectRejected(`${header}.${payload}.`, "bad-signature");
  });

  it("reports an unreachable key set as such, not as a bad token", async () => {
    const error = await verifyGoogleIdToken(await signIdToken(), {
      issuer: ISSUER,
      audience: CLIENT_ID,
      jwks: "http://127.0.0.1:9/oauth2/v3/certs",
    }).catch((e: unknown) => e);
    expect((error as IdTokenError).code).toBe("keys-unavailable");
  });
});
