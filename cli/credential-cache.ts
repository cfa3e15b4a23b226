// Credentials per role, cached in 0600 files so repeated `aws` calls do not reach Gatehouse. An entry is used until
// 5 minutes before its Expiration: the JS SDK treats credentials as expired 5 minutes early, so anything closer
// would be thrown away by it at once; botocore asks again from 15 minutes before expiry and gets the cached copy
// (docs/cli-facts.md §2). An entry belongs to one Gatehouse and one sign-in (the token's session id): a new
// login, as anyone, never sees the previous one's credentials.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { CliContext } from "./context";
import { cacheDir } from "./paths";
import { ensurePrivateDir, readJson, removeFile, writeFileAtomic } from "./private-files";
import { checkProcessCredentials, type ProcessCredentials } from "./process-credentials";

export const REFRESH_WINDOW_MS = 5 * 60_000;

export interface CacheKey {
  url: string;
  sessionId: string;
  account: string;
  role: string;
}

interface CacheEntry extends CacheKey {
  credentials: ProcessCredentials;
}

export function cacheFileFor(ctx: CliContext, key: CacheKey): string {
  const digest = createHash("sha256").update(JSON.stringify([key.url, key.sessionId, key.account.toLowerCase(), key.role])).digest("hex");
  return path.join(cacheDir(ctx), `${digest.slice(0, 32)}.json`);
}

/** Cached credentials for the key that are good for more than the refresh window, or null. */
export function readCachedCredentials(ctx: CliContext, key: CacheKey): ProcessCredentials | null {
  const raw = readJson(cacheFileFor(ctx, key)) as Partial<CacheEntry> | null;
  if (!raw || raw.url !== key.url || raw.sessionId !== key.sessionId || raw.account?.toLowerCase() !== key.account.toLowerCase() || raw.role !== key.role) return null;
  let credentials: ProcessCredentials;
  try {
    credentials = checkProcessCredentials(raw.credentials);
  } catch {
    return null;
  }
  return Date.parse(credentials.Expiration) - ctx.now() > REFRESH_WINDOW_MS ? credentials : null;
}

export function writeCachedCredentials(ctx: CliContext, key: CacheKey, credentials: ProcessCredentials): void {
  ensurePrivateDir(cacheDir(ctx));
  const entry: CacheEntry = { ...key, credentials };
  writeFileAtomic(cacheFileFor(ctx, key), `${JSON.stringify(entry)}\n`);
}

export function clearCredentialCache(ctx: CliContext): void {
  let names: string[];
  try {
    names = readdirSync(cacheDir(ctx));
  } catch {
    return;
  }
  for (const name of names) removeFile(path.join(cacheDir(ctx), name));
}
