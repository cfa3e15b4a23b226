import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { CliTokenAnswer, DevicePollError } from "@/lib/cli/cli-api";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { issueCliToken, requesterOf, revokeReplayedLogin } from "./issue-token";
import { loopbackRedirectProblem } from "./login-input";
import { enforceLoginLimit } from "./login-limits";
import { digestOf } from "./tokens";

// POST /api/v1/cli/token: the command trades what it holds for a token. Unauthenticated, so limited per client
// address first. Authorization code (loopback): the code works once; it is burned before the PKCE verifier and the
// redirect URI are checked, so a wrong one costs the code; presented again after use, the token issued from it is
// revoked. Device code: polled every `interval` seconds; faster earns slow_down (and +5 s from then on).

export const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const MAX_INTERVAL = 60;

const oneTimeCode = z.string({ error: "expected the code" }).regex(/^[A-Za-z0-9_-]{43}$/, { error: "expected a 43-character code" });

export const tokenRequestSchema = z.discriminatedUnion(
  "grant_type",
  [
    z.object({
      grant_type: z.literal("authorization_code"),
      code: oneTimeCode,
      // RFC 7636 §4.1: 43-128 characters of [A-Za-z0-9-._~].
      code_verifier: z
        .string({ error: "expected the PKCE verifier" })
        .regex(/^[A-Za-z0-9._~-]{43,128}$/, { error: "expected 43 to 128 characters of [A-Za-z0-9-._~]" }),
      redirect_uri: z.string({ error: "expected the redirect URI" }).max(512, { error: "expected at most 512 characters" }),
    }),
    z.object({ grant_type: z.literal(DEVICE_GRANT), device_code: oneTimeCode }),
  ],
  { error: `expected grant_type authorization_code or ${DEVICE_GRANT}` },
);

export type TokenRequest = z.output<typeof tokenRequestSchema>;
export type TokenResult = { token: CliTokenAnswer } | { pending: DevicePollError; message: string };

const unknownCode = (what: string) =>
  new ServiceError("invalid-input", `The ${what} is not valid: unknown, expired or already used. Run gatehouse login again.`);

export async function exchangeToken({ input, meta }: { input: TokenRequest; meta: RequestMeta }): Promise<TokenResult> {
  await enforceLoginLimit("token", meta.sourceIp);
  return input.grant_type === "authorization_code" ? { token: await redeemAuthorizationCode(input, meta) } : pollDeviceCode(input, meta);
}

/** base64url(SHA-256(verifier)) against the stored challenge, in constant time. */
function verifierMatches(verifier: string, challenge: string | null): boolean {
  const computed = Buffer.from(createHash("sha256").update(verifier, "ascii").digest("base64url"));
  const expected = Buffer.from(challenge ?? "");
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

async function redeemAuthorizationCode(input: Extract<TokenRequest, { grant_type: "authorization_code" }>, meta: RequestMeta): Promise<CliTokenAnswer> {
  const db = getDb();
  const row = await db.cliLoginRequest.findUnique({ where: { codeHash: digestOf(input.code) } });
  if (!row || row.kind !== "loopback") throw unknownCode("login code");
  const who = requesterOf(row, meta);
  const deny = async (message: string): Promise<never> => {
    await recordAudit({ action: "cli.login", outcome: "denied", actor: who, ...meta, detail: `invalid-input: ${message} (device "${row.deviceName}")` });
    throw new ServiceError("invalid-input", message);
  };
  // Burn it first: whatever follows, this code has had its one use.
  const { count } = await db.cliLoginRequest.updateMany({
    where: { id: row.id, status: "approved", expiresAt: { gt: new Date() } },
    data: { status: "redeemed" },
  });
  if (count === 0) {
    if (row.status === "redeemed") {
      await revokeReplayedLogin(row, meta);
      return deny("This login code was already used; the token issued from it has been revoked. Run gatehouse login again.");
    }
    return deny(
      row.status === "refused"
        ? "This login code was already used. Run gatehouse login again."
        : "This login code has expired (they last two minutes). Run gatehouse login again.",
    );
  }
  const problem = !verifierMatches(input.code_verifier, row.codeChallenge)
    ? "The PKCE verifier does not match the login's challenge"
    : input.redirect_uri !== row.redirectUri || loopbackRedirectProblem(input.redirect_uri)
      ? "The redirect URI is not the one the login was approved for"
      : null;
  if (problem) {
    await db.cliLoginRequest.update({ where: { id: row.id }, data: { status: "refused" } });
    return deny(`${problem}; the code is now used up. Run gatehouse login again.`);
  }
  return issueCliToken(row, meta);
}

async function pollDeviceCode(input: Extract<TokenRequest, { grant_type: typeof DEVICE_GRANT }>, meta: RequestMeta): Promise<TokenResult> {
  const db = getDb();
  const row = await db.cliLoginRequest.findUnique({ where: { codeHash: digestOf(input.device_code) } });
  if (!row || row.kind !== "device") throw unknownCode("device code");
  const now = Date.now();
  if (row.status === "redeemed" || row.status === "refused") {
    if (row.status === "redeemed") await revokeReplayedLogin(row, meta);
    await recordAudit({
      action: "cli.login",
      outcome: "denied",
      actor: requesterOf(row, meta),
      ...meta,
      detail: `invalid-input: the device code of "${row.deviceName}" was presented again`,
    });
    throw unknownCode("device code");
  }
  if (row.expiresAt.getTime() <= now)
    return { pending: "expired_token", message: "The device code has expired (they last 10 minutes). Run gatehouse login --no-browser again." };

  // One poll per interval (a second of slack for the network): the conditional write lets one poll in per interval.
  const interval = row.interval ?? 5;
  const { count } = await db.cliLoginRequest.updateMany({
    where: { id: row.id, OR: [{ lastPolledAt: null }, { lastPolledAt: { lte: new Date(now - (interval - 1) * 1000) } }] },
    data: { lastPolledAt: new Date(now) },
  });
  if (count === 0) {
    await db.cliLoginRequest.update({ where: { id: row.id }, data: { interval: Math.min(interval + 5, MAX_INTERVAL) } });
    return { pending: "slow_down", message: `Polling too fast: wait ${Math.min(interval + 5, MAX_INTERVAL)} seconds between requests.` };
  }
  if (row.status === "pending") return { pending: "authorization_pending", message: "Waiting for the person to approve the login in the browser." };
  if (row.status === "denied") return { pending: "access_denied", message: "The login was denied in the browser." };

  const redeemed = await db.cliLoginRequest.updateMany({ where: { id: row.id, status: "approved" }, data: { status: "redeemed" } });
  if (redeemed.count === 0) throw unknownCode("device code");
  return { token: await issueCliToken(row, meta) };
}
