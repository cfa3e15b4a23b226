import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit, recordAuditWith } from "@/lib/audit/record";
import type { LoginRedirect } from "@/lib/cli/cli-api";
import { getDb } from "@/lib/db/client";
import { ServiceError, type ErrorCode } from "@/lib/errors";
import type { LoopbackLoginInput } from "./login-input";
import { digestOf, newOneTimeCode } from "./tokens";

// The loopback login (RFC 8252 with PKCE), the browser's half: a signed-in person approves (or denies) on
// /cli/login what their terminal asked for. Approving stores a one-time authorization code (SHA-256 only, two
// minutes) bound to the person, the PKCE challenge and the redirect URI, and answers the loopback URL that carries
// the code and the command's state. One answer per challenge: an approval replayed is refused.

export const LOGIN_CODE_SECONDS = 120;

/** Only a browser session may approve a login: a token must not mint tokens. */
export function assertBrowserSession(actor: Actor): void {
  if (actor.via !== "browser-session") throw new ServiceError("unauthenticated", "Approve command-line logins in the browser, signed in to Gatehouse.");
}

const describeLogin = (input: LoopbackLoginInput) => `device "${input.device}" (code ${input.code}) at ${input.redirect_uri}`;

async function refuse(actor: Actor, code: ErrorCode, message: string, input: LoopbackLoginInput): Promise<never> {
  await recordAudit({ action: "cli.login", outcome: "denied", actor, detail: `${code}: ${message} (${describeLogin(input)})` });
  throw new ServiceError(code, message);
}

function redirectWith(redirectUri: string, query: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/** Whether a login with this PKCE challenge was approved or denied already (one answer per challenge). */
export async function isLoginAnswered(challenge: string): Promise<boolean> {
  return (await getDb().cliLoginRequest.count({ where: { codeChallenge: challenge } })) > 0;
}

export async function approveLoopbackLogin({ actor, input }: { actor: Actor; input: LoopbackLoginInput }): Promise<LoginRedirect> {
  assertBrowserSession(actor);
  if (await isLoginAnswered(input.code_challenge)) {
    await refuse(actor, "conflict", "This login was already answered. Run gatehouse login again for a new one.", input);
  }
  const code = newOneTimeCode();
  const now = Date.now();
  await recordAuditWith({ action: "cli.login", outcome: "allowed", actor, detail: `approved the login of ${describeLogin(input)}` }, (tx) =>
    tx.cliLoginRequest.create({
      data: {
        id: randomBytes(16).toString("hex"),
        kind: "loopback",
        status: "approved",
        deviceName: input.device,
        codeHash: digestOf(code),
        displayCode: input.code,
        codeChallenge: input.code_challenge,
        redirectUri: input.redirect_uri,
        userSub: actor.sub,
        userEmail: actor.email,
        userName: actor.name,
        userGroups: actor.groups,
        decidedAt: new Date(now),
        sourceIp: actor.sourceIp?.slice(0, 64) ?? null,
        userAgent: actor.userAgent?.slice(0, 512) ?? null,
        expiresAt: new Date(now + LOGIN_CODE_SECONDS * 1000),
      },
    }),
  );
  return { redirectTo: redirectWith(input.redirect_uri, { code, state: input.state }) };
}

/** Deny: on record, and final for this challenge; the terminal is told access_denied. */
export async function denyLoopbackLogin({ actor, input }: { actor: Actor; input: LoopbackLoginInput }): Promise<LoginRedirect> {
  assertBrowserSession(actor);
  const redirectTo = redirectWith(input.redirect_uri, { error: "access_denied", state: input.state });
  if (await isLoginAnswered(input.code_challenge)) {
    await refuse(actor, "conflict", "This login was already answered. Run gatehouse login again for a new one.", input);
  }
  const now = Date.now();
  await recordAuditWith(
    { action: "cli.login", outcome: "denied", actor, detail: `access_denied: ${actor.email} denied the login of ${describeLogin(input)}` },
    (tx) =>
      tx.cliLoginRequest.create({
        data: {
          id: randomBytes(16).toString("hex"),
          kind: "loopback",
          status: "denied",
          deviceName: input.device,
          // No code exists for a denied login; the column is unique, so it holds the digest of nothing anyone knows.
          codeHash: digestOf(newOneTimeCode()),
          displayCode: input.code,
          codeChallenge: input.code_challenge,
          redirectUri: input.redirect_uri,
          userSub: actor.sub,
          userEmail: actor.email,
          userName: actor.name,
          decidedAt: new Date(now),
          sourceIp: actor.sourceIp?.slice(0, 64) ?? null,
          userAgent: actor.userAgent?.slice(0, 512) ?? null,
          expiresAt: new Date(now + LOGIN_CODE_SECONDS * 1000),
        },
      }),
  );
  return { redirectTo };
}

/** For the /cli/login page: a request that is not valid, refused on record (the page shows the message). */
export async function recordRefusedLoginPage(actor: Actor, message: string, given: Record<string, unknown>): Promise<void> {
  const redirect = typeof given.redirect_uri === "string" ? given.redirect_uri.slice(0, 300) : "(none)";
  await recordAudit({ action: "cli.login", outcome: "denied", actor, detail: `invalid-input: ${message} (redirect_uri ${redirect})` });
}
