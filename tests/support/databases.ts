// Integration tests run the same checks against both databases Gatehouse supports: the PostgreSQL server on
// 127.0.0.1:5432 and the embedded PGlite. Each gets a fresh database with the committed migrations applied.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";

export type DatabaseKind = "postgresql" | "pglite";
export const DATABASE_KINDS: DatabaseKind[] = ["postgresql", "pglite"];

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const embedded = await startEmbeddedPostgres({ port: 0 });
    await migrate(embedded.url);
    return { kind, url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `gatehouse_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    kind,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function migrate(url: string) {
  await promisify(execFile)("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url } });
}
