import "server-only";
import { createHash } from "node:crypto";

// RoleSessionName and SourceIdentity carry the user's email into AWS (assumed-role ARN, CloudTrail, SSM session
// ids). AWS accepts 2-64 characters of [\w+=,.@-], and SourceIdentity may not start with "aws:". The same email
// must always give the same name, so a person's sessions can be found by it and cached credentials keyed by it.

const VALID = /^[\w+=,.@-]{2,64}$/;
const MAX = 64;

/** The email as a valid RoleSessionName/SourceIdentity: lowercased, accents dropped, other characters as "-". */
export function toSessionName(email: string): string {
  const ascii = email
    .trim()
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
  let name = ascii.replace(/[^\w+=,.@-]/g, "-");
  // Too long: keep the recognisable start and a hash of the whole email, so two long emails sharing the first
  // 55 characters still get different names.
  if (name.length > MAX) name = `${name.slice(0, MAX - 9)}-${createHash("sha256").update(email).digest("hex").slice(0, 8)}`;
  if (name.length < 2) name = name.padEnd(2, "-");
  // ":" never survives the replacement above, so "aws:" cannot start the name; checked anyway as the rule is AWS's.
  if (/^aws:/i.test(name) || !VALID.test(name)) throw new Error("could not derive a valid AWS session name");
  return name;
}

/** A session tag value AWS accepts ([\p{L}\p{Z}\p{N}_.:/=+\-@], up to 256 characters). */
export function toTagValue(value: string): string {
  return value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "-").slice(0, 256);
}
