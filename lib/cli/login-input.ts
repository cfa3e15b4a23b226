import "server-only";
import { z } from "zod";

// What the command line sends to start a login, checked the same way by the approval pages and their routes. A
// redirect URI is accepted only as RFC 8252 §7.3 loopback (http://127.0.0.1:<port>/<path> or
// http://[::1]:<port>/<path>, any port), written exactly as a URL parser writes it back, with no user, query or
// fragment: the one-time code is sent nowhere but to the person's own machine.

const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/;

/** Why a redirect URI is refused, or null when it is a loopback redirect Gatehouse will send a code to. */
export function loopbackRedirectProblem(value: string): string | null {
  if (value.length > 512) return "the redirect URI is longer than 512 characters";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "the redirect URI is not a URL";
  }
  if (url.protocol !== "http:" || (url.hostname !== "127.0.0.1" && url.hostname !== "[::1]")) {
    return "the redirect URI must be http://127.0.0.1:<port>/… or http://[::1]:<port>/… (loopback only)";
  }
  if (!url.port) return "the redirect URI must name its port";
  if (url.username || url.password || url.search || url.hash || value.includes("#") || value.includes("?")) {
    return "the redirect URI must have no user, query or fragment";
  }
  if (url.href !== value) return "the redirect URI is not written in its plain form";
  return null;
}

const redirectUri = z.string({ error: "expected the command's loopback address" }).superRefine((value, ctx) => {
  const problem = loopbackRedirectProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** The PKCE S256 challenge: base64url of a SHA-256 digest, 43 characters. */
export const codeChallengeSchema = z
  .string({ error: "expected a PKCE challenge" })
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: "expected a PKCE S256 challenge (43 base64url characters)" });

/** The command's name for itself, shown to the person: one line of printable text. */
export const deviceNameSchema = z
  .string({ error: "expected the device's name" })
  .trim()
  .min(1, { error: "expected the device's name" })
  .max(100, { error: "expected at most 100 characters" })
  .regex(PRINTABLE, { error: "expected printable text" });

export const loopbackLoginSchema = z.object({
  redirect_uri: redirectUri,
  state: z.string({ error: "expected the command's state" }).regex(/^[A-Za-z0-9._~-]{16,256}$/, { error: "expected 16 to 256 characters of [A-Za-z0-9._~-]" }),
  code_challenge: codeChallengeSchema,
  code_challenge_method: z.literal("S256", { error: "only S256 is supported" }),
  device: deviceNameSchema,
  code: z.string({ error: "expected the code the terminal shows" }).regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, { error: "expected a code like ABCD-EFGH" }),
});

export type LoopbackLoginInput = z.output<typeof loopbackLoginSchema>;

/** Device codes the person types: eight letters, shown as ABCD-EFGH; case, spaces and the dash do not matter. */
export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

export const userCodeSchema = z
  .string({ error: "expected the code the terminal shows" })
  .max(32, { error: "expected a code like ABCD-EFGH" })
  .transform((value) => value.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`), { error: "expected a code like BCDF-GHJK (eight letters)" }));

export const formatUserCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;
