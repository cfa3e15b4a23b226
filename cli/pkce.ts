// The loopback login's one-time values (RFC 7636, RFC 8252; docs/cli-facts.md §3): a PKCE verifier of 64
// characters from the unreserved set and its S256 challenge, a state of 32 random bytes, and the display code the
// terminal and the approval page both show, so a person approves only their own terminal.
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export const newVerifier = () => randomBytes(48).toString("base64url"); // 64 characters of [A-Za-z0-9-_]
export const challengeFor = (verifier: string) => createHash("sha256").update(verifier, "ascii").digest("base64url");
export const newState = () => randomBytes(32).toString("base64url");

// RFC 8628 §6.1's advice for codes people read and type: consonants only (no vowels, so no words), no 0/O or 1/I.
const DISPLAY_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

/** "WDJB-MJHT" */
export function newDisplayCode(): string {
  const pick = () => DISPLAY_ALPHABET[randomInt(DISPLAY_ALPHABET.length)];
  const half = () => Array.from({ length: 4 }, pick).join("");
  return `${half()}-${half()}`;
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
