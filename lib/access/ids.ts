import "server-only";
import { z } from "zod";

// Identifier shapes shared by the profile file and the requests routes pass in. One definition, so a value the
// file accepts is a value a request may carry, and nothing malformed reaches AWS or the audit log.

export const ACCOUNT_ID = /^\d{12}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
// An IAM role name (1-64 of [\w+=,.@-]) optionally preceded by its path segments, as it appears after "role/"
// in the role's ARN: "Admin" or "team/ops/Admin".
export const ROLE_NAME = /^(?:[\w+=,.@-]{1,512}\/)*[\w+=,.@-]{1,64}$/;
export const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:[\w+=,.@-]{1,512}\/)*[\w+=,.@-]{1,64}$/;
export const INSTANCE_ID = /^(?:i|mi)-[0-9a-f]{8,17}$/;
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
export const PROFILE_ID = /^[a-z][a-z0-9-]{0,62}$/;

/** The offending value in a message: short and printable, never the whole of a huge or deeply nested value. */
function shown(input: unknown): string {
  if (typeof input === "string") {
    const printable = input.slice(0, 40).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    return `"${printable}"${input.length > 40 ? ` (${input.length} characters)` : ""}`;
  }
  if (input === null || typeof input === "number" || typeof input === "boolean") return String(input);
  return Array.isArray(input) ? "an array" : input === undefined ? "nothing" : `a value of type ${typeof input}`;
}

/** A string schema whose every failure (wrong type or wrong shape) reads as one sentence naming the value. */
function idSchema(pattern: RegExp, what: string) {
  const error = (issue: { input?: unknown }) => `expected ${what}, got ${shown(issue.input)}`;
  return z.string({ error }).regex(pattern, { error });
}

export const accountIdSchema = idSchema(ACCOUNT_ID, "a 12-digit AWS account id");
export const ouIdSchema = idSchema(OU_ID, "an OU id like ou-ab12-cd34ef56");
export const roleNameSchema = idSchema(ROLE_NAME, "an IAM role name ([\\w+=,.@-], 1-64 characters, optional path)");
export const roleArnSchema = idSchema(ROLE_ARN, "an IAM role ARN like arn:aws:iam::111111111111:role/Name");
export const instanceIdSchema = idSchema(INSTANCE_ID, "an instance id like i-0123456789abcdef0 or mi-0123456789abcdef0");
export const regionSchema = idSchema(REGION, "an AWS region like us-east-1");
export const profileIdSchema = idSchema(PROFILE_ID, "a profile id of lowercase letters, digits and dashes");
export const emailSchema = z.email({ error: (issue) => `expected an email address, got ${shown(issue.input)}` });
