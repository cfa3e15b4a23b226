import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { resolveUserGroups } from "@/lib/auth/user-groups";
import { getConfig } from "@/lib/config";
import { errorField, logger } from "@/lib/log/logger";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { digestOf, parseCliToken, sameDigest } from "./tokens";

// The second way in: a command-line token builds the same Actor a browser session does, from the token's live
// record, read on every request (a revocation takes effect on the next call, on every instance). The person's groups
// are re-read every SESSION_RECHECK_SECONDS, as a browser session's are; someone who is no longer admitted (no
// longer known, or no longer in an allowed Workspace domain) is nobody. lastUsedAt and the source address are
// written at most once a minute.

const TOUCH_EVERY_MS = 60_000;
/** Compared against when the session id names no row, so a miss costs the same digest comparison as a hit. */
const NO_DIGEST = "0".repeat(64);

const unavailable = (what: string, cause: unknown) =>
  new ServiceError("unavailable", `Gatehouse cannot ${what} just now. Try again in a moment.`, { retryable: true, cause });

/** The person behind a command-line token, or null (malformed, unknown, revoked, expired, or no longer admitted). */
export async function actorFromCliToken(token: string, meta: RequestMeta, nowMs = Date.now()): Promise<Actor | null> {
  const parsed = parseCliToken(token);
  if (!parsed) return null;
  const db = getDb();
  let row;
  try {
    row = await db.authSession.findUnique({ where: { id: parsed.sessionId } });
  } catch (error) {
    throw unavailable("check your command-line token because its database is not answering", error);
  }
  const matches = sameDigest(digestOf(token), row?.tokenHash ?? NO_DIGEST);
  if (!row || !matches || row.kind !== "cli" || row.revokedAt || row.expiresAt.getTime() <= nowMs) return null;

  let groups = row.groups;
  const recheckDue = !row.groupsCheckedAt || nowMs - row.groupsCheckedAt.getTime() >= getConfig().SESSION_RECHECK_SECONDS * 1000;
  const touchDue = nowMs - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS;
  if (recheckDue) {
    const admitted = await recheckAdmission({ sub: row.userSub, email: row.userEmail });
    if (!admitted) return null;
    groups = admitted;
  }
  if (recheckDue || touchDue) {
    const at = new Date(nowMs);
    const touch = { lastUsedAt: at, sourceIp: meta.sourceIp?.slice(0, 64) ?? null };
    try {
      if (recheckDue) await db.authSession.update({ where: { id: row.id }, data: { ...touch, groups, groupsCheckedAt: at } });
      // Conditional, so concurrent requests (or instances) write at most once a minute between them.
      else await db.authSession.updateMany({ where: { id: row.id, lastUsedAt: { lt: new Date(nowMs - TOUCH_EVERY_MS) } }, data: touch });
    } catch (error) {
      throw unavailable("record the use of your command-line token because its database is not answering", error);
    }
  }
  return {
    sub: row.userSub,
    email: row.userEmail,
    name: row.name ?? row.userEmail,
    image: null,
    groups,
    via: "cli-token",
    sessionId: row.id,
    sourceIp: meta.sourceIp,
    userAgent: meta.userAgent,
    expiresAt: row.expiresAt.getTime(),
    deviceName: row.deviceName,
  };
}

/**
 * The person's groups now, or null when they are no longer admitted: not a known person any more, or their Workspace
 * domain no longer allowed. A group source that cannot answer (and no cached copy within its TTL) is a 503, never
 * "no groups".
 */
async function recheckAdmission(person: { sub: string; email: string }): Promise<string[] | null> {
  const allowed = new Set(getConfig().ALLOWED_DOMAINS.map((domain) => domain.toLowerCase()));
  let user;
  try {
    user = await getDb().user.findUnique({ where: { sub: person.sub }, select: { hostedDomain: true, email: true } });
  } catch (error) {
    throw unavailable("check your command-line token because its database is not answering", error);
  }
  const emailDomain = person.email.split("@").pop()?.toLowerCase() ?? "";
  if (!user || !allowed.has(user.hostedDomain.toLowerCase()) || !allowed.has(emailDomain)) return null;
  try {
    return await resolveUserGroups({ sub: person.sub, email: person.email });
  } catch (error) {
    logger("cli").error({ err: errorField(error) }, "group re-check failed");
    throw new ServiceError(
      "unavailable",
      "Gatehouse could not re-read your Google groups just now, so it cannot tell what you may reach. Try again in a minute.",
      { retryable: true, cause: error },
    );
  }
}
