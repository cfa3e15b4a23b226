import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "@/lib/db/client";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";

// Per-person rate limits kept in the database (RateLimitCounter), on both databases Gatehouse supports: a fixed window
// counted by one atomic upsert, shared by every Gatehouse instance on the database, failing closed.

type RateLimitModule = typeof import("@/lib/limits/rate-limit");

const WINDOW_MS = 60_000;
/** The start of the current 60 s window, so tests can place attempts precisely (near the real clock). */
const windowStart = () => Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
const freshKey = (what: string) => `test:${what}:${randomBytes(4).toString("hex")}`;

describe.each(DATABASE_KINDS)("rate limits on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let limits: RateLimitModule;
  let ServiceError: typeof import("@/lib/errors").ServiceError;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment({
      DATABASE_URL: database.url,
      GOOGLE_CLIENT_ID: "c",
      GOOGLE_CLIENT_SECRET: "s",
      ALLOWED_DOMAINS: "example.com",
      GROUPS_SOURCE: "static",
      GROUPS_FILE: "config/demo/groups.yaml",
      RATE_LIMIT_CREDENTIALS: "3",
      RATE_LIMIT_WINDOW_SECONDS: "60",
    });
    db = connectTestDatabase(database.url);
    vi.resetModules(); // fresh lib/config for these settings
    limits = await import("@/lib/limits/rate-limit");
    ({ ServiceError } = await import("@/lib/errors")); // the class the freshly imported module throws
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });

  it("allows exactly `limit` attempts in a window and refuses the next until the window ends", async () => {
    const key = freshKey("exact");
    const now = new Date(windowStart() + 15_000); // 45 s of the window left
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await limits.consumeRateLimit({ key, limit: 5, windowSeconds: 60, now }));

    expect(results.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((count) => ({ allowed: true, count, limit: 5, retryAfterSeconds: 0 })));
    expect(results[5]).toEqual({ allowed: false, count: 6, limit: 5, retryAfterSeconds: 45 });
  });

  it("counts refused attempts too, and says at least 1 s when the window is about to end", async () => {
    const key = freshKey("refused");
    const start = windowStart();
    for (let i = 0; i < 2; i++) await limits.consumeRateLimit({ key, limit: 2, windowSeconds: 60, now: new Date(start) });
    const early = await limits.consumeRateLimit({ key, limit: 2, windowSeconds: 60, now: new Date(start + 100) });
    expect(early).toEqual({ allowed: false, count: 3, limit: 2, retryAfterSeconds: 60 }); // 59.9 s, rounded up
    const late = await limits.consumeRateLimit({ key, limit: 2, windowSeconds: 60, now: new Date(start + WINDOW_MS - 1) });
    expect(late).toEqual({ allowed: false, count: 4, limit: 2, retryAfterSeconds: 1 });

    const rows = await db.rateLimitCounter.findMany({ where: { key } });
    expect(rows).toEqual([{ key, windowStart: new Date(start), count: 4 }]); // aligned, UTC, as Prisma reads it
  });

  it("allows again in a new window", async () => {
    const key = freshKey("window");
    const start = windowStart();
    for (let i = 0; i < 3; i++) await limits.consumeRateLimit({ key, limit: 2, windowSeconds: 60, now: new Date(start + 30_000) });
    expect(await limits.consumeRateLimit({ key, limit: 2, windowSeconds: 60, now: new Date(start + 59_999) })).toMatchObject({ allowed: false });

    const next = await limits.consumeRateLimit({ key, limit: 2, windowSeconds: 60, now: new Date(start + WINDOW_MS) });
    expect(next).toEqual({ allowed: true, count: 1, limit: 2, retryAfterSeconds: 0 });
    expect(await db.rateLimitCounter.count({ where: { key } })).toBe(2);
  });

  it("aligns windows to their length, whatever the length", async () => {
    const key = freshKey("align");
    const start = Math.floor(Date.now() / 300_000) * 300_000;
    await limits.consumeRateLimit({ key, limit: 1, windowSeconds: 300, now: new Date(start + 299_000) });
    const refused = await limits.consumeRateLimit({ key, limit: 1, windowSeconds: 300, now: new Date(start + 1_000) });
    expect(refused).toEqual({ allowed: false, count: 2, limit: 1, retryAfterSeconds: 299 });
    expect(await limits.consumeRateLimit({ key, limit: 1, windowSeconds: 300, now: new Date(start + 300_000) })).toMatchObject({ allowed: true, count: 1 });
  });

  it("keeps keys independent", async () => {
    const a = freshKey("a");
    const b = freshKey("b");
    const now = new Date();
    for (let i = 0; i < 3; i++) await limits.consumeRateLimit({ key: a, limit: 2, windowSeconds: 60, now });
    expect(await limits.consumeRateLimit({ key: a, limit: 2, windowSeconds: 60, now })).toMatchObject({ allowed: false, count: 4 });
    expect(await limits.consumeRateLimit({ key: b, limit: 2, windowSeconds: 60, now })).toMatchObject({ allowed: true, count: 1 });
    expect(limits.credentialLimitKey("1001")).not.toBe(limits.credentialLimitKey("1002"));
  });

  it("gives exactly `limit` of 50 concurrent attempts", async () => {
    const key = freshKey("concurrent");
    const start = windowStart();
    const now = new Date(start + 1_000);
    const results = await Promise.all(Array.from({ length: 50 }, () => limits.consumeRateLimit({ key, limit: 30, windowSeconds: 60, now })));

    expect(results.filter((r) => r.allowed)).toHaveLength(30);
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1)); // no count twice
    expect(results.every((r) => r.allowed === r.count <= 30)).toBe(true);
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key_windowStart: { key, windowStart: new Date(start) } } })).toMatchObject({ count: 50 });
  });

  it.skipIf(kind !== "postgresql")("shares the count between two Gatehouse instances (two clients) on one database", async () => {
    const other = createDb(database.url, 10);
    try {
      const key = freshKey("instances");
      const now = new Date(windowStart() + 2_000);
      const attempt = (client: typeof db) => limits.consumeRateLimit({ key, limit: 30, windowSeconds: 60, now, db: client });
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(i % 2 === 0 ? db : other)));

      expect(results.filter((r) => r.allowed)).toHaveLength(30);
      expect(new Set(results.map((r) => r.count)).size).toBe(50);
      expect(await attempt(other)).toMatchObject({ allowed: false, count: 51 });
      expect(await attempt(db)).toMatchObject({ allowed: false, count: 52 });
    } finally {
      await other.$disconnect();
    }
  });

  it("applies RATE_LIMIT_CREDENTIALS per RATE_LIMIT_WINDOW_SECONDS to a person's credential requests", async () => {
    const sub = `1000${randomBytes(4).toString("hex")}`;
    const now = new Date(windowStart() + 20_000);
    for (let count = 1; count <= 3; count++)
      expect(await limits.consumeCredentialLimit(sub, { now })).toEqual({ allowed: true, count, limit: 3, retryAfterSeconds: 0 });
    expect(await limits.consumeCredentialLimit(sub, { now })).toEqual({ allowed: false, count: 4, limit: 3, retryAfterSeconds: 40 });
    expect(await db.rateLimitCounter.findMany({ where: { key: `credentials:${sub}` } })).toHaveLength(1);

    // The route form: 429 with Retry-After's value once refused.
    const error = await limits.enforceCredentialLimit(sub, { now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: "rate-limited", status: 429, retryAfterSeconds: 40, retryable: true });

    const other = `2000${randomBytes(4).toString("hex")}`;
    await expect(limits.enforceCredentialLimit(other, { now })).resolves.toMatchObject({ allowed: true, count: 1 });
  });

  it("throws when the database cannot answer, never allows", async () => {
    const down = createDb("postgresql://postgres@127.0.0.1:1/gatehouse_down", 1);
    try {
      await expect(limits.consumeRateLimit({ key: freshKey("down"), limit: 30, windowSeconds: 60, db: down })).rejects.toThrow();
      const error = await limits.enforceCredentialLimit("1003", { db: down }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceError);
      expect(error).toMatchObject({ code: "unavailable", status: 503, retryable: true });
    } finally {
      await down.$disconnect().catch(() => undefined);
    }
  });

  it("deletes windows older than a day and keeps the rest", async () => {
    const key = freshKey("prune");
    const now = Date.now();
    await db.rateLimitCounter.createMany({
      data: [
        { key, windowStart: new Date(now - 2 * 86_400_000), count: 9 },
        { key, windowStart: new Date(now - 86_400_000 - 60_000), count: 9 },
        { key, windowStart: new Date(now - 3_600_000), count: 9 },
      ],
    });
    await limits.consumeRateLimit({ key, limit: 30, windowSeconds: 60, now: new Date(now) });

    expect(await limits.pruneRateLimitCounters()).toBeGreaterThanOrEqual(2);
    const left = await db.rateLimitCounter.findMany({ where: { key }, orderBy: { windowStart: "asc" } });
    expect(left.map((r) => r.windowStart.getTime())).toEqual([now - 3_600_000, Math.floor(now / WINDOW_MS) * WINDOW_MS]);
  });

  it("refuses nonsense limits instead of guessing", async () => {
    await expect(limits.consumeRateLimit({ key: "", limit: 1, windowSeconds: 60 })).rejects.toThrow(TypeError);
    await expect(limits.consumeRateLimit({ key: "k", limit: 0, windowSeconds: 60 })).rejects.toThrow(RangeError);
    await expect(limits.consumeRateLimit({ key: "k", limit: 1.5, windowSeconds: 60 })).rejects.toThrow(RangeError);
    await expect(limits.consumeRateLimit({ key: "k", limit: 1, windowSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(limits.consumeRateLimit({ key: "k", limit: 1, windowSeconds: 86_401 })).rejects.toThrow(RangeError);
    await expect(limits.consumeRateLimit({ key: "k", limit: 1, windowSeconds: 60, now: new Date(Number.NaN) })).rejects.toThrow(RangeError);
  });
});
