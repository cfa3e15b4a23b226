// The loopback login's one-time values (RFC 7636, RFC 8252; docs/cli-facts.md §3): a PKCE verifier of 64
// characters from the unreserved set and its S256 challenge, a state of 32 random bytes, and the display code the
// terminal and the approval page both show, so a person approves only their own terminal. node:crypto is loaded
// here on use: it costs several milliseconds of start-up, which `credentials` from the cache never pays.

export interface LoginSecrets {
  state: string;
  verifier: string;
  challenge: string;
  displayCode: string;
}

// RFC 8628 §6.1's advice for codes people read and type: consonants only (no vowels, so no words), no 0/O or 1/I.
const DISPLAY_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

export async function newLoginSecrets(): Promise<LoginSecrets> {
  const { createHash, randomBytes, randomInt } = await import("node:crypto");
  const verifier = randomBytes(48).toString("base64url"); // 64 characters of [A-Za-z0-9-_]
  const half = () => Array.from({ length: 4 }, () => DISPLAY_ALPHABET[randomInt(DISPLAY_ALPHABET.length)]).join("");
  return {
    state: randomBytes(32).toString("base64url"),
    verifier,
    challenge: createHash("sha256").update(verifier, "ascii").digest("base64url"),
    displayCode: `${half()}-${half()}`,
  };
}

export async function sameSecret(a: string, b: string): Promise<boolean> {
  const { timingSafeEqual } = await import("node:crypto");
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
