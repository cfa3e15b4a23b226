import "server-only";
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";

// Verifies a Google ID token ourselves rather than trusting whoever handed it to us: signature against Google's
// published keys, issuer, audience (our client ID) and lifetime.

export const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"] as const;
export const GOOGLE_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

/** Claims as they arrive on the wire; email_verified stays `unknown` so policy code must check its type. */
export type GoogleIdTokenClaims = JWTPayload & {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  email?: string;
  email_verified?: unknown;
  hd?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
};

/** A JWKS URL (fetched and cached), a key set object, or a jose key resolver (tests inject these). */
export type IdTokenKeySource = string | URL | JSONWebKeySet | JWTVerifyGetKey;

export type VerifyGoogleIdTokenOptions = {
  issuer: string | readonly string[];
  /** Our OAuth client ID(s). */
  audience: string | readonly string[];
  jwks: IdTokenKeySource;
  clockToleranceSeconds?: number;
  /** For tests: the time to validate against. */
  currentDate?: Date;
};

export type IdTokenErrorCode =
  "malformed" | "bad-signature" | "wrong-issuer" | "wrong-audience" | "expired" | "not-yet-valid" | "missing-claims" | "keys-unavailable";

export class IdTokenError extends Error {
  override readonly name = "IdTokenError";
  constructor(
    readonly code: IdTokenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// One cached key set per URL: jose refetches on an unknown `kid` (key rotation) and rate-limits refetches itself.
const remoteKeySets = new Map<string, JWTVerifyGetKey>();

function resolveKeys(jwks: IdTokenKeySource): JWTVerifyGetKey {
  if (typeof jwks === "function") return jwks;
  if (typeof jwks === "string" || jwks instanceof URL) {
    const url = jwks.toString();
    let keySet = remoteKeySets.get(url);
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000 });
      remoteKeySets.set(url, keySet);
    }
    return keySet;
  }
  return createLocalJWKSet(jwks);
}

export async function verifyGoogleIdToken(idToken: string, options: VerifyGoogleIdTokenOptions): Promise<GoogleIdTokenClaims> {
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  try {
    const { payload } = await jwtVerify(idToken, resolveKeys(options.jwks), {
      algorithms: ["RS256"],
      issuer: typeof options.issuer === "string" ? options.issuer : [...options.issuer],
      audience: typeof options.audience === "string" ? options.audience : [...options.audience],
      clockTolerance: tolerance,
      requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
      ...(options.currentDate ? { currentDate: options.currentDate } : {}),
    });
    if (typeof payload.sub !== "string" || payload.sub.length === 0) {
      throw new IdTokenError("missing-claims", "The ID token has no subject (sub)");
    }
    // jose only bounds iat when asked for a maximum age; a token minted in the future means a broken clock or a forgery.
    const now = Math.floor((options.currentDate ?? new Date()).getTime() / 1000);
    if (typeof payload.iat === "number" && payload.iat > now + tolerance) {
      throw new IdTokenError("not-yet-valid", "The ID token is not valid yet (check the server clock)");
    }
    return payload as GoogleIdTokenClaims;
  } catch (error) {
    throw toIdTokenError(error);
  }
}

function toIdTokenError(error: unknown): IdTokenError {
  if (error instanceof IdTokenError) return error;
  const options = { cause: error };
  if (error instanceof errors.JWTExpired) return new IdTokenError("expired", "The ID token has expired", options);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return new IdTokenError("missing-claims", `The ID token has no ${error.claim} claim`, options);
    if (error.claim === "iss") return new IdTokenError("wrong-issuer", "The ID token was issued by someone other than Google", options);
    if (error.claim === "aud") return new IdTokenError("wrong-audience", "The ID token was issued for a different client", options);
    if (error.claim === "nbf" || error.claim === "iat") {
      return new IdTokenError("not-yet-valid", "The ID token is not valid yet (check the server clock)", options);
    }
    return new IdTokenError("malformed", `The ID token's ${error.claim} claim is invalid`, options);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new IdTokenError("bad-signature", "The ID token's signature does not match Google's keys", options);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new IdTokenError("malformed", "The ID token is not a valid signed JWT", options);
  }
  // Everything else failed while fetching or reading the key set (network, timeout, non-200, bad JSON).
  return new IdTokenError("keys-unavailable", "Could not load Google's signing keys", options);
}
