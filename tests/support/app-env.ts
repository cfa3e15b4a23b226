// Points Gatehouse's server modules (lib/config, lib/db) at a test database and a test configuration.
import { createDb } from "@/lib/db/client";
import { isEmbeddedDatabaseUrl } from "./databases";

export const TEST_SECRET = "test-secret-test-secret-test-secret-0123";

export function applyAppEnvironment(env: Record<string, string>) {
  const previous = { ...process.env };
  Object.assign(process.env, { NEXTAUTH_SECRET: TEST_SECRET, NEXTAUTH_URL: "http://localhost:3000", ...env });
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in previous)) delete process.env[key];
    Object.assign(process.env, previous);
  };
}

/** Replaces the process's database client (lib/db keeps one on globalThis). */
export function connectTestDatabase(url: string) {
  const holder = globalThis as unknown as { gatehouseDb?: ReturnType<typeof createDb> };
  // The embedded PGlite server interleaves messages of concurrent connections: one connection, as in production use.
  holder.gatehouseDb = createDb(url, isEmbeddedDatabaseUrl(url) ? 1 : 10);
  return holder.gatehouseDb;
}
