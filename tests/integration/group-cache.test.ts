import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandboxServiceAccount } from "@/sandbox/google/service-account";
import { startGoogleSandbox, type GoogleSandbox } from "@/sandbox/google/start-google-sandbox";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";

// Groups from the Admin SDK Directory API (the sandbox's), cached in the database with a TTL: refreshed at sign-in,
// served from the cache while fresh, and never replaced by "no groups" when Google cannot be reached.

const ada = { sub: "100000000000000000001", email: "ada@example.com" };

describe.each(DATABASE_KINDS)("group cache on %s", (kind) => {
  let google: GoogleSandbox;
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let resolveUserGroups: typeof import("@/lib/auth/user-groups").resolveUserGroups;

  beforeAll(async () => {
    const account = createSandboxServiceAccount();
    google = await startGoogleSandbox({ port: 0, clients: [], serviceAccounts: [account.registration] });
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment({
      DATABASE_URL: database.url,
      GOOGLE_CLIENT_ID: "c",
      GOOGLE_CLIENT_SECRET: "s",
      ALLOWED_DOMAINS: "example.com",
      GROUPS_SOURCE: "directory",
      GOOGLE_DIRECTORY_CREDENTIALS_JSON: JSON.stringify({ ...account.keyFile, token_uri: google.tokenUrl }),
      GOOGLE_DIRECTORY_URL: google.directoryBaseUrl,
      GROUPS_CACHE_TTL_SECONDS: "60",
    });
    db = connectTestDatabase(database.url);
    vi.resetModules(); // fresh lib/config and caches for this database
    ({ resolveUserGroups } = await import("@/lib/auth/user-groups"));
  });
  afterAll(async () => {
    await google?.close().catch(() => undefined);
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });

  it("reads groups from the Directory API at sign-in and caches them", async () => {
    expect(await resolveUserGroups(ada, { refresh: true })).toEqual(["admins@example.com", "engineering@example.com"]);
    const row = await db.groupCache.findUniqueOrThrow({ where: { userSub: ada.sub } });
    expect(row).toMatchObject({ source: "directory", groups: ["admins@example.com", "engineering@example.com"] });
  });

  it("serves the cached groups while Google is unreachable, until the TTL runs out", async () => {
    await google.close();
    expect(await resolveUserGroups(ada)).toEqual(["admins@example.com", "engineering@example.com"]);
    expect(await resolveUserGroups(ada, { refresh: true })).toEqual(["admins@example.com", "engineering@example.com"]);

    await db.groupCache.update({ where: { userSub: ada.sub }, data: { fetchedAt: new Date(Date.now() - 61_000) } });
    await expect(resolveUserGroups(ada)).rejects.toThrow();
  });
});
