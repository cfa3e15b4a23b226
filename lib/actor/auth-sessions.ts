import "server-only";
import { randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";

// Server-side records of sign-in sessions. A browser session's id travels inside the encrypted session cookie;
// every request checks its record, so signing out (or an administrator ending a person's sessions) ends it at once,
// everywhere, instead of when the cookie expires. Checks are cached per process for SESSION_CHECK_CACHE_SECONDS
// (5 s by default), so page loads stay fast; a revocation made by this process clears its cache immediately, and
// one made by another instance is seen within that time.

export type AuthSessionKind = "browser" | "cli";

export interface LiveSession {
  id: string;
  userSub: string;
  kind: AuthSessionKind;
  expiresAt: Date;
}

// One cache per process, on globalThis: Next loads this module once per bundle (route handlers, pages, next-auth's
// route), and a revocation made through one of them must be seen by all at once.
const holder = globalThis as unknown as { gatehouseSessionChecks?: Map<string, { session: LiveSession | null; checkedAt: number }> };
const cache = (holder.gatehouseSessionChecks ??= new Map());
const MAX_CACHED = 10_000;

export const newSessionId = () => randomBytes(24).toString("base64url");

export async function createAuthSession(input: {
  id?: string;
  userSub: string;
  userEmail: string;
  kind: AuthSessionKind;
  expiresAt: Date;
  sourceIp: string | null;
  userAgent: string | null;
  tokenHash?: string;
  deviceName?: string;
}): Promise<string> {
  const id = input.id ?? newSessionId();
  await getDb().authSession.create({
    data: {
      id,
      userSub: input.userSub,
      userEmail: input.userEmail,
      kind: input.kind,
      expiresAt: input.expiresAt,
      sourceIp: input.sourceIp?.slice(0, 64) ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      tokenHash: input.tokenHash ?? null,
      deviceName: input.deviceName ?? null,
    },
  });
  return id;
}

/** The session if it exists, is not revoked and has not expired; null otherwise. */
export async function findLiveSession(id: string, now = Date.now()): Promise<LiveSession | null> {
  const ttlMs = getConfig().SESSION_CHECK_CACHE_SECONDS * 1000;
  const hit = cache.get(id);
  if (hit && now - hit.checkedAt < ttlMs) return hit.session && hit.session.expiresAt.getTime() > now ? hit.session : null;
  let row;
  try {
    row = await getDb().authSession.findUnique({ where: { id }, select: { id: true, userSub: true, kind: true, expiresAt: true, revokedAt: true } });
  } catch (error) {
    throw new ServiceError("unavailable", "Gatehouse cannot check your session because its database is not answering. Try again in a moment.", {
      retryable: true,
      cause: error,
    });
  }
  const session =
    row && !row.revokedAt && row.expiresAt.getTime() > now
      ? { id: row.id, userSub: row.userSub, kind: row.kind as AuthSessionKind, expiresAt: row.expiresAt }
      : null;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(id, { session, checkedAt: now });
  return session;
}

/** Ends one session (sign-out). Returns whether a live session was ended. */
export async function revokeAuthSession(id: string, by: string): Promise<boolean> {
  cache.delete(id);
  const { count } = await getDb().authSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(), revokedBy: by } });
  return count > 0;
}

/** Ends every live session of one person (someone who left, a lost laptop). Returns how many were ended. */
export async function revokeSessionsOf(userSub: string, by: string): Promise<number> {
  const { count } = await getDb().authSession.updateMany({ where: { userSub, revokedAt: null }, data: { revokedAt: new Date(), revokedBy: by } });
  for (const [id, entry] of cache) if (entry.session?.userSub === userSub) cache.delete(id);
  return count;
}
