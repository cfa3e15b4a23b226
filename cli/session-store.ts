// The command line's sign-in: the token Gatehouse issued (0600, never printed), for which server, whom and until
// when; and the remembered Gatehouse URL, so `gatehouse login` needs --url only once.
import { CliError, notSignedIn, usageError } from "./errors";
import type { CliContext } from "./context";
import { settingsFile, tokenFile } from "./paths";
import { readJson, removeFile, writePrivateJson } from "./private-files";

export interface StoredSession {
  url: string;
  token: string;
  /** ISO 8601; the token is refused by the server after this. */
  expiresAt: string;
  email: string;
  name: string;
  deviceName: string;
}

const isString = (value: unknown): value is string => typeof value === "string" && value !== "";

export function readSession(ctx: CliContext): StoredSession | null {
  const raw = readJson(tokenFile(ctx));
  if (!raw || typeof raw !== "object") return null;
  const s = raw as Record<string, unknown>;
  if (!isString(s.url) || !isString(s.token) || !isString(s.expiresAt) || !isString(s.email)) return null;
  ctx.secrets.add(s.token);
  return {
    url: s.url,
    token: s.token,
    expiresAt: s.expiresAt,
    email: s.email,
    name: isString(s.name) ? s.name : s.email,
    deviceName: isString(s.deviceName) ? s.deviceName : "",
  };
}

/** The stored sign-in, or "not signed in" when there is none or it has run out. */
export function requireSession(ctx: CliContext): StoredSession {
  const session = readSession(ctx);
  if (!session) throw notSignedIn();
  if (Date.parse(session.expiresAt) <= ctx.now()) throw notSignedIn(`your sign-in to ${session.url} ended at ${session.expiresAt}`);
  return session;
}

export function saveSession(ctx: CliContext, session: StoredSession): void {
  writePrivateJson(tokenFile(ctx), session);
}

export function forgetSession(ctx: CliContext): void {
  removeFile(tokenFile(ctx));
}

/** The session id part of a token (gh1_<session id>_<secret>): not secret, it names the server's record. */
export function sessionIdOf(token: string): string {
  const match = /^gh1_([^_]+)_/.exec(token);
  return match?.[1] ?? "";
}

export function rememberedUrl(ctx: CliContext): string | null {
  const raw = readJson(settingsFile(ctx)) as { url?: unknown } | null;
  return raw && isString(raw.url) ? raw.url : null;
}

export function rememberUrl(ctx: CliContext, url: string): void {
  writePrivateJson(settingsFile(ctx), { url });
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** A Gatehouse base URL, checked: https, or http to this machine only (a token must not cross a network in clear). */
export function normalizeUrl(given: string): string {
  let url: URL;
  try {
    url = new URL(given.includes("://") ? given : `https://${given}`);
  } catch {
    throw usageError(`--url ${JSON.stringify(given)} is not a URL (for example https://gatehouse.example.com)`, "login");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    throw new CliError(`refusing ${url.origin}: Gatehouse must be reached over https (http only for this machine itself)`);
  }
  if (url.username || url.password || url.search || url.hash)
    throw usageError("--url takes only the address of Gatehouse, with no user, query or fragment", "login");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
