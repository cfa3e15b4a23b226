import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { getConfig } from "@/lib/config";

// Command-line tokens: `gh1_<session id>_<secret>`, the session id naming an AuthSession row (kind "cli", 32 hex
// characters, so it never contains the "_" that separates the parts) and the secret 32 random bytes in base64url.
// Only the SHA-256 of the whole token is stored; the row is found by its id and the digests compared in constant
// time. One-time codes (the loopback authorization code, the device code) are kept the same way: SHA-256 only.

export const CLI_TOKEN_PREFIX = "gh1_";
const TOKEN = /^gh1_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** SHA-256 of a secret as hex: what is stored for tokens and codes. */
export const digestOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

/** Whether two hex digests are equal, in time that does not depend on where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

/** A fresh token with its session id and the digest to store. */
export function mintCliToken(): { sessionId: string; token: string; tokenHash: string } {
  const sessionId = randomBytes(16).toString("hex");
  const token = `${CLI_TOKEN_PREFIX}${sessionId}_${randomBytes(32).toString("base64url")}`;
  return { sessionId, token, tokenHash: digestOf(token) };
}

/** The session id a well-formed token names, or null for anything else (which is then nobody). */
export function parseCliToken(token: string): { sessionId: string } | null {
  const match = TOKEN.exec(token);
  return match ? { sessionId: match[1]! } : null;
}

/** The token of an `Authorization: Bearer gh1_…` header, or null when the header carries none. */
export function bearerCliToken(authorization: string | null): string | null {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization ?? "");
  return match && match[1]!.startsWith(CLI_TOKEN_PREFIX) ? match[1]! : null;
}

/** A one-time code: 32 random bytes, base64url. */
export const newOneTimeCode = () => randomBytes(32).toString("base64url");

/** How long a token lives: CLI_TOKEN_MAX_AGE_SECONDS, or a browser sign-in's SESSION_MAX_AGE_SECONDS. */
export function cliTokenMaxAgeSeconds(): number {
  const config = getConfig();
  return Math.min(config.CLI_TOKEN_MAX_AGE_SECONDS ?? config.SESSION_MAX_AGE_SECONDS, config.SESSION_MAX_AGE_SECONDS);
}
