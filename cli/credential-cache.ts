// Credentials per role, cached in 0600 files so repeated `aws` calls do not reach Gatehouse. An entry is used until
// 5 minutes before its Expiration: the JS SDK treats credentials as expired 5 minutes early, so anything closer
// would be thrown away by it at once; botocore asks again from 15 minutes before expiry and gets the cached copy
// (docs/cli-facts.md §2). An entry belongs to one Gatehouse and one sign-in (the token's session id): a new
// login, as anyone, never sees the previous one's credentials.
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

/**
 * The entry's file: a 64-bit FNV-1a digest of its key. Only a name (what it holds is checked on every read), so
 * no cryptographic hash is needed, and node:crypto stays unloaded on the path every `aws` call takes.
 */
export function cacheFileFor(ctx: CliContext, key: CacheKey): string {
  return path.join(cacheDir(ctx), `${fnv1a64(JSON.stringify([key.url, key.sessionId, key.account.toLowerCase(), key.role]))}.json`);
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, "utf8")) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, "0");
}

/** Cached credentials for the key that are good for more than the refresh window, or null. */
export function readCachedCredentials(ctx: CliContext, key: CacheKey): ProcessCredentials | null {
  const raw = readJson(cacheFileFor(ctx, key)) as Partial<CacheEntry> | null;
  if (!raw || raw.url !== key.url || raw.sessionId !== key.sessionId || raw.account?.toLowerCase() !== key.account.toLowerCase() || raw.role !== key.role)
    return null;
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
  // Not flushed to disk: a cache entry lost or damaged by a crash is only a miss (every read is checked).
  writeFileAtomic(cacheFileFor(ctx, key), `${JSON.stringify(entry)}\n`, undefined, false);
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
