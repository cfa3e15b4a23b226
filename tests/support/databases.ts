// Integration tests run the same checks against both databases Gatehouse supports: the PostgreSQL server on
// 127.0.0.1:5432 and the embedded PGlite. Each gets a fresh database with the committed migrations applied.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrateDatabase } from "@/scripts/lib/migrate-database";

export type DatabaseKind = "postgresql" | "pglite";
export const DATABASE_KINDS: DatabaseKind[] = ["postgresql", "pglite"];

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

const embeddedUrls = new Set<string>();

/** Whether a URL is a PGlite test database (served one connection at a time, as Gatehouse does). */
export const isEmbeddedDatabaseUrl = (url: string) => embeddedUrls.has(url);

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const embedded = await startEmbeddedPostgres({ port: 0, loadDataDir: await migratedPgliteImage() });
    embeddedUrls.add(embedded.url);
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

// Migrating a PGlite database takes seconds; tests start from one migrated image, kept per migrations checksum.
async function migratedPgliteImage(): Promise<Blob> {
  const migrations = readdirSync("prisma/migrations", { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFileSync(path.join("prisma/migrations", f), "utf8"))
    .join("\n");
  const image = path.join(os.tmpdir(), `gatehouse-pglite-${createHash("sha256").update(migrations).digest("hex").slice(0, 16)}.tar`);
  if (existsSync(image)) return new Blob([readFileSync(image)]);
  const fresh = await startEmbeddedPostgres({ port: 0 });
  await migrate(fresh.url);
  const blob = await fresh.dumpDataDir();
  await fresh.stop();
  writeFileSync(`${image}.${process.pid}`, Buffer.from(await blob.arrayBuffer()));
  renameSync(`${image}.${process.pid}`, image);
  return blob;
}

const migrate = (url: string) => migrateDatabase(url, { quiet: true });
