import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Clock, CredentialStore, RoleSessionCaller } from "../state/credentials";
import { renderConsole, renderError, renderSwitchRole, type ConsoleSession } from "./console-pages";

// The console sign-in endpoint (docs/aws-facts.md#console-federation): getSigninToken trades temporary credentials
// for a sign-in token, login redeems it (once, within 15 minutes) and redirects to the sandbox's stand-in for the
// AWS console.

const SIGNIN_TOKEN_TTL_MS = 15 * 60 * 1000;
const CONSOLE_COOKIE = "gatehouse-sandbox-console";
const CONSOLE_HOSTS = /^(?:[a-z]{2}(?:-[a-z]+)+-\d\.)?console\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/;

interface PendingSignin {
  caller: RoleSessionCaller;
  consoleExpiresAt: number;
  issuedAt: number;
}

export class Federation {
  private readonly pending = new Map<string, PendingSignin>();
  private readonly consoles = new Map<string, ConsoleSession>();

  constructor(
    private readonly credentials: CredentialStore,
    private readonly clock: Clock,
    private readonly publicUrl: () => string,
  ) {}

  handle(path: string, params: URLSearchParams, cookieHeader: string | undefined, res: ServerResponse): void {
    if (path === "/console") return this.console(params, cookieHeader, res);
    if (path === "/switchrole") return sendHtml(res, 200, renderSwitchRole(params));
    const action = params.get("Action");
    if (action === "getSigninToken") return this.getSigninToken(params, res);
    if (action === "login") return this.login(params, res);
    sendJson(res, 400, { error: "InvalidAction", message: "Action must be getSigninToken or login" });
  }

  private getSigninToken(params: URLSearchParams, res: ServerResponse): void {
    let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
    try {
      session = JSON.parse(params.get("Session") ?? "") as typeof session;
    } catch {
      return sendJson(res, 400, { error: "InvalidSession", message: "Session must be URL-encoded JSON {sessionId, sessionKey, sessionToken}" });
    }
    const stored = typeof session.sessionId === "string" ? this.credentials.lookup(session.sessionId) : undefined;
    if (!stored || stored.secretAccessKey !== session.sessionKey) {
      return sendJson(res, 400, { error: "InvalidCredentials", message: "The sign-in credentials are not valid." });
    }
    if (stored.caller.kind !== "role-session" || !stored.sessionToken) {
      return sendJson(res, 400, {
        error: "TemporaryCredentialsRequired",
        message: "getSigninToken accepts only temporary credentials (AssumeRole / GetFederationToken), not long-term access keys.",
      });
    }
    if (stored.sessionToken !== session.sessionToken) {
      return sendJson(res, 400, { error: "InvalidCredentials", message: "The sign-in credentials are not valid." });
    }
    if (this.credentials.isExpired(stored))
      return sendJson(res, 400, { error: "ExpiredToken", message: "The security token included in the request is expired" });

    const caller = stored.caller;
    const rawDuration = params.get("SessionDuration");
    let consoleExpiresAt = caller.expiration.getTime();
    if (rawDuration !== null) {
      if (caller.chained) {
        return sendJson(res, 400, {
          error: "SessionDurationNotAllowed",
          message:
            "SessionDuration cannot be used with credentials from role chaining; leave it out and the console session lasts as long as the credentials (at most 1 hour).",
        });
      }
      const duration = Number(rawDuration);
      if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
        return sendJson(res, 400, { error: "InvalidSessionDuration", message: "SessionDuration must be an integer from 900 to 43200 seconds." });
      }
      consoleExpiresAt = this.clock.now() + duration * 1000;
    }
    const token = randomBytes(96).toString("base64url");
    this.pending.set(token, { caller, consoleExpiresAt, issuedAt: this.clock.now() });
    if (this.pending.size > 10_000) this.dropStaleTokens();
    sendJson(res, 200, { SigninToken: token });
  }

  private login(params: URLSearchParams, res: ServerResponse): void {
    const token = params.get("SigninToken") ?? "";
    const destination = params.get("Destination") ?? "";
    const pending = this.pending.get(token);
    this.pending.delete(token);
    if (!pending || this.clock.now() - pending.issuedAt > SIGNIN_TOKEN_TTL_MS) {
      return sendHtml(res, 400, renderError("Your sign-in link is invalid or has expired", "Sign-in tokens are valid for 15 minutes and can be used once."));
    }
    if (!this.allowedDestination(destination)) {
      return sendHtml(res, 400, renderError("Invalid destination", "Destination must be an AWS console URL."));
    }
    const id = randomBytes(18).toString("base64url");
    const c = pending.caller;
    this.consoles.set(id, {
      accountId: c.accountId,
      roleName: c.role.name,
      sessionName: c.sessionName,
      sourceIdentity: c.sourceIdentity,
      arn: c.arn,
      destination,
      issuer: params.get("Issuer") ?? "",
      expiresAt: pending.consoleExpiresAt,
    });
    res.writeHead(302, {
      location: `${this.publicUrl()}/console?session=${id}`,
      "set-cookie": `${CONSOLE_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`,
      "cache-control": "no-store",
    });
    res.end();
  }

  private console(params: URLSearchParams, cookieHeader: string | undefined, res: ServerResponse): void {
    const fromCookie = /(?:^|;\s*)gatehouse-sandbox-console=([^;]+)/.exec(cookieHeader ?? "")?.[1];
    const session = this.consoles.get(params.get("session") ?? fromCookie ?? "");
    if (!session) return sendHtml(res, 401, renderError("You are not signed in", "Open the console through Gatehouse to sign in."));
    if (session.expiresAt <= this.clock.now()) return sendHtml(res, 401, renderError("Your session has expired", "Sign in again through Gatehouse."));
    sendHtml(res, 200, renderConsole(session));
  }

  private allowedDestination(destination: string): boolean {
    try {
      const url = new URL(destination);
      if (url.protocol === "https:" && CONSOLE_HOSTS.test(url.hostname)) return true;
      return url.origin === new URL(this.publicUrl()).origin;
    } catch {
      return false;
    }
  }

  private dropStaleTokens(): void {
    const now = this.clock.now();
    for (const [token, p] of this.pending) if (now - p.issuedAt > SIGNIN_TOKEN_TTL_MS) this.pending.delete(token);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html), "cache-control": "no-store" });
  res.end(html);
}
