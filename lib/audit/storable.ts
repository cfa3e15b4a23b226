// Every value is made storable before it reaches the audit table, so that no input can make an audit write fail:
// PostgreSQL text cannot hold U+0000, lone UTF-16 surrogates do not encode, and unbounded values would let one
// person fill the administrators' audit page. Control characters are written as visible \uXXXX escapes (a record
// shows what was sent), and each field has a length bound.

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeControl = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** A string safe for a PostgreSQL text column, at most `max` characters (clipped with "…"). */
export function storableText(value: string, max: number): string {
  const cleaned = value.replace(LONE_SURROGATE, "\ufffd").replace(CONTROL, escapeControl);
  if (cleaned.length <= max) return cleaned;
  let cut = max - 1;
  // Do not split a surrogate pair.
  if (/[\ud800-\udbff]/.test(cleaned[cut - 1] ?? "")) cut -= 1;
  return `${cleaned.slice(0, cut)}…`;
}

/** Any request value as storable text: strings as they are, other JSON values in short JSON form, never deep. */
export function storableValue(value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return storableText(value, max);
  if (typeof value === "number" || typeof value === "boolean") return storableText(String(value), max);
  return storableText(`(${Array.isArray(value) ? "array" : typeof value})`, max);
}

/** Field bounds of the audit table, in characters. */
export const AUDIT_FIELD_MAX = {
  actorSub: 255,
  actorEmail: 320,
  profileId: 128,
  accountId: 32,
  roleName: 128,
  region: 32,
  instanceId: 64,
  sessionId: 128,
  destination: 2048,
  reason: 1000,
  detail: 2048,
  sourceIp: 64,
  userAgent: 512,
  via: 32,
  authSessionId: 64,
} as const;
