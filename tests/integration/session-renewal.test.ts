import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { JWT } from "next-auth/jwt";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";

// What happens when a signed-in session renews (next-auth's jwt callback on every session read): the sign-in ends
// SESSION_MAX_AGE_SECONDS after it began, and groups are re-read every SESSION_RECHECK_SECONDS.

describe("session renewal", () => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let jwt: (token: JWT) => Promise<JWT>;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    restoreEnv = applyAppEnvironment({
      DATABASE_URL: database.url,
      GOOGLE_CLIENT_ID: "c",
      GOOGLE_CLIENT_SECRET: "s",
      ALLOWED_DOMAINS: "example.com",
      GROUPS_SOURCE: "static",
      GROUPS_FILE: "config/demo/groups.yaml",
      SESSION_MAX_AGE_SECONDS: "3600",
      SESSION_RECHECK_SECONDS: "300",
      GROUPS_CACHE_TTL_SECONDS: "0",
    });
    db = connectTestDatabase(database.url);
    vi.resetModules();
    const { getAuthOptions } = await import("@/lib/auth/options");
    const callbacks = getAuthOptions().callbacks!;
    jwt = (token) => callbacks.jwt!({ token } as Parameters<NonNullable<typeof callbacks.jwt>>[0]) as Promise<JWT>;
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });

  const dana = (over: Partial<JWT>): JWT => ({
    sub: "100000000000000000002",
    email: "dana@example.com",
    name: "Dana Developer",
    groups: ["stale-group@example.com"],
    ...over,
  });

  it("keeps the groups it has until the re-check is due", async () => {
    const token = await jwt(dana({ signedInAt: now() - 60, groupsCheckedAt: now() - 60 }));
    expect(token.groups).toEqual(["stale-group@example.com"]);
  });

  it("re-reads the groups once the re-check is due", async () => {
    const token = await jwt(dana({ signedInAt: now() - 600, groupsCheckedAt: now() - 301 }));
    expect(token.groups).toEqual(["developers@example.com", "engineering@example.com"]);
    expect(token.groupsCheckedAt).toBeGreaterThanOrEqual(now() - 1);
  });

  it("ends the session once SESSION_MAX_AGE_SECONDS have passed since sign-in, however active", async () => {
    await expect(jwt(dana({ signedInAt: now() - 3601, groupsCheckedAt: now() }))).rejects.toThrow("sign-in expired");
    await expect(jwt(dana({ signedInAt: undefined }))).rejects.toThrow("sign-in expired");
  });
});
