import "server-only";
import { z } from "zod";
import { parseRemoteHost } from "@/lib/net/host-name";
import { deniedRemoteAddress, isMetadataHostName } from "@/lib/ssm/destinations";

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

// ---- port forwarding -----------------------------------------------------------------------------------------------

const portError = (issue: { input?: unknown }) => `expected a port number between 1 and 65535, got ${shown(issue.input)}`;
/** A TCP port, 1-65535, as a number or a decimal string (StartSession's parameters are strings). */
export const portNumberSchema = z
  .union(
    [
      z.int({ error: portError }),
      z
        .string({ error: portError })
        .regex(/^\d{1,5}$/, { error: portError })
        .transform(Number),
    ],
    { error: portError },
  )
  .pipe(z.int().min(1, { error: portError }).max(65535, { error: portError }));

const DENIED_WHAT: Record<string, string> = {
  "169.254.169.254": "the instance metadata service",
  "fd00:ec2::254": "the instance metadata service",
  "169.254.169.253": "the VPC's DNS resolver",
  "fd00:ec2::253": "the VPC's DNS resolver",
  "169.254.169.123": "the Amazon Time Sync service",
  "fd00:ec2::123": "the Amazon Time Sync service",
};

/**
 * A remote host for AWS-StartPortForwardingSessionToRemoteHost: an RFC 1123 name or an IP literal, in canonical form.
 * The addresses the SSM agent refuses to forward to (lib/ssm/destinations.ts) are refused here too, and so are the
 * names of the metadata service; the agent also refuses its VPC's reserved addresses, which only it knows.
 */
export const remoteHostSchema = z.string({ error: (issue) => `expected a host name or an IP address, got ${shown(issue.input)}` }).transform((text, ctx) => {
  const parsed = parseRemoteHost(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  const host = parsed.host;
  const denied = host.kind === "ip" ? deniedRemoteAddress(host.ip) : undefined;
  if (denied !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: `forwarding to ${denied} (${DENIED_WHAT[denied] ?? "a link-local AWS service"}) is refused, as the SSM agent refuses it`,
    });
    return z.NEVER;
  }
  if (host.kind === "name" && isMetadataHostName(host.text)) {
    ctx.addIssue({ code: "custom", message: `forwarding to ${host.text} (the instance metadata service) is refused, as the SSM agent refuses its address` });
    return z.NEVER;
  }
  return host.text;
});
