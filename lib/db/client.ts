import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getConfig } from "@/lib/config";

export type Db = PrismaClient;

/** Opens a client on a PostgreSQL URL (PostgreSQL server or the embedded PGlite socket alike). */
export function createDb(databaseUrl: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

// One client per process; in development Next reloads modules, so keep it on globalThis.
const holder = globalThis as unknown as { gatehouseDb?: Db };

export function getDb(): Db {
  holder.gatehouseDb ??= createDb(getConfig().DATABASE_URL, getConfig().DATABASE_POOL_SIZE);
  return holder.gatehouseDb;
}

/** Closes the process's database pool (at shutdown); the next getDb() would open a new one. */
export async function closeDb(): Promise<void> {
  const db = holder.gatehouseDb;
  holder.gatehouseDb = undefined;
  await db?.$disconnect();
}
