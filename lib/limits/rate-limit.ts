import "server-only";
import { getConfig } from "@/lib/config";
import { getDb, type Db } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import { errorField, logger } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";

// Per-person rate limits, kept in the database so that they hold across every Gatehouse instance on it.
//
// A limit is a fixed window: time is cut into windows of `windowSeconds` aligned to the Unix epoch (so every instance
// agrees on the boundaries, give or take clock skew), and each (key, window) has one RateLimitCounter row. An attempt
// is ONE statement, INSERT … ON CONFLICT DO UPDATE … RETURNING count: PostgreSQL serialises concurrent upserts of the
// same row, so each attempt gets its own count and no two attempts, from any process, can both get the last slot.
// Every attempt is counted, refused ones too, so hammering does not earn a fresh allowance.
//
// Settings (lib/config.ts): RATE_LIMIT_CREDENTIALS attempts (default 30) per RATE_LIMIT_WINDOW_SECONDS (default 60)
// for everything that issues a credential or a session (console sign-in, shells, CLI credentials), per person (sub).
//
// Windows older than a day are deleted opportunistically, at most once every PRUNE_INTERVAL_MS per process, after an
// attempt has been answered and without the attempt waiting for it.
//
// A database fault is thrown, never taken as "allowed": consumeRateLimit rethrows the driver's error and
// enforceCredentialLimit turns it into ServiceError "unavailable" (503).

export interface RateLimitAttempt {
  /** What is limited, e.g. credentialLimitKey(sub). */
  key: string;
  /** Attempts allowed in one window (a positive integer). */
  limit: number;
  /** The window's length, 1 s to one day. */
  windowSeconds: number;
  /** The attempt's time; the current time by default. */
  now?: Date;
  /** The database; the process's client (getDb()) by default. */
  db?: Db;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Attempts in this window so far, this one included. */
  count: number;
  limit: number;
  /** When refused, seconds until the window ends (at least 1); 0 when allowed. */
  retryAfterSeconds: number;
}

const MAX_WINDOW_SECONDS = 86_400;
/** Counters of windows that started longer ago than this are deleted. */
const KEEP_MS = 86_400_000;
const PRUNE_INTERVAL_MS = 10 * 60_000;
let lastPruneMs = 0;

export const credentialLimitKey = (sub: string) => `credentials:${sub}`;

/** Counts one attempt against `key` and says whether it is within the limit. Throws if the database fails. */
export async function consumeRateLimit({ key, limit, windowSeconds, now = new Date(), db = getDb() }: RateLimitAttempt): Promise<RateLimitResult> {
  if (typeof key !== "string" || key.length === 0) throw new TypeError("rate limit key must be a non-empty string");
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, not ${limit}`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    throw new RangeError(`rate limit window must be a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS}, not ${windowSeconds}`);
  }
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError("rate limit time is not a valid date");

  const windowMs = windowSeconds * 1000;
  const windowStartMs = Math.floor(nowMs / windowMs) * windowMs;
  // The column is TIMESTAMP(3) (no zone) holding UTC, as Prisma writes it: build the value from epoch milliseconds in
  // UTC on the server, whatever the session's TimeZone.
  const rows = await db.$queryRaw<Array<{ count: number }>>`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count")
    VALUES (${key}, (to_timestamp(${windowStartMs}::bigint / 1000.0) AT TIME ZONE 'UTC')::timestamp(3), 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count);
  if (!Number.isInteger(count) || count < 1) throw new Error("rate limit counter returned no count");

  schedulePrune(db);

  const allowed = count <= limit;
  const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((windowStartMs + windowMs - nowMs) / 1000));
  return { allowed, count, limit, retryAfterSeconds };
}

/** One credential or session request by a person (sub), against RATE_LIMIT_CREDENTIALS per RATE_LIMIT_WINDOW_SECONDS. */
export function consumeCredentialLimit(sub: string, options: { now?: Date; db?: Db } = {}): Promise<RateLimitResult> {
  const config = getConfig();
  return consumeRateLimit({
    key: credentialLimitKey(sub),
    limit: config.RATE_LIMIT_CREDENTIALS,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    ...options,
  });
}

/**
 * consumeCredentialLimit for a route: resolves when allowed; throws ServiceError "rate-limited" (429, with
 * retryAfterSeconds for Retry-After) when refused, and "unavailable" (503) when the database cannot answer.
 */
export async function enforceCredentialLimit(sub: string, options: { now?: Date; db?: Db } = {}): Promise<RateLimitResult> {
  let result: RateLimitResult;
  try {
    result = await consumeCredentialLimit(sub, options);
  } catch (error) {
    throw new ServiceError("unavailable", "Gatehouse cannot check its rate limits right now (the database did not answer). Try again shortly.", {
      retryable: true,
      cause: error,
    });
  }
  if (!result.allowed) {
    metrics().rateLimitHits.inc({ limit: "credentials" });
    const window = getConfig().RATE_LIMIT_WINDOW_SECONDS;
    throw new ServiceError(
      "rate-limited",
      `Too many credential requests: at most ${result.limit} every ${window} s. Try again in ${result.retryAfterSeconds} s.`,
      { retryable: true, retryAfterSeconds: result.retryAfterSeconds, details: { limit: result.limit, windowSeconds: window } },
    );
  }
  return result;
}

/** Deletes the counters of windows that started before `before` (a day ago by default); returns how many. */
export async function pruneRateLimitCounters({ before = new Date(Date.now() - KEEP_MS), db = getDb() }: { before?: Date; db?: Db } = {}): Promise<number> {
  return db.rateLimitCounter.deleteMany({ where: { windowStart: { lt: before } } }).then((r) => r.count);
}

// On the real clock, not the attempt's `now`: an attempt dated in the future must not delete today's counters.
function schedulePrune(db: Db) {
  const nowMs = Date.now();
  if (nowMs - lastPruneMs < PRUNE_INTERVAL_MS) return;
  lastPruneMs = nowMs;
  void pruneRateLimitCounters({ before: new Date(nowMs - KEEP_MS), db }).catch((error: unknown) => {
    logger("rate-limit").warn({ err: errorField(error) }, "could not delete old counters");
  });
}
