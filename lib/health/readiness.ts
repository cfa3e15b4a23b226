import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { isShuttingDown } from "@/lib/startup/lifecycle";

// Readiness (GET /api/health/ready): may a load balancer send this instance requests? Yes when the database answers,
// every committed migration is applied, and no shutdown has begun. Liveness (/api/health/live) is only "the process
// answers", so an orchestrator restarts a hung process but not one whose database is away. Strangers get the words
// below and nothing else (no messages, no timings).

export type Readiness = { status: "ready" } | { status: "not-ready"; reason: "shutting-down" | "database" | "migrations" };

const TIMEOUT_MS = 2_000;
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

let committed: string[] | undefined;
function committedMigrations(): string[] {
  committed ??= readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return committed;
}

async function appliedMigrations(): Promise<Set<string>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    const rows = await Promise.race([
      getDb().$queryRaw<
        Array<{ migration_name: string }>
      >`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      timeout,
    ]);
    return new Set(rows.map((row) => row.migration_name));
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  if (isShuttingDown()) return { status: "not-ready", reason: "shutting-down" };
  let applied: Set<string>;
  try {
    applied = await appliedMigrations();
  } catch {
    return { status: "not-ready", reason: "database" };
  }
  // Read the folder only once the database answered; an image without its migrations is never ready.
  let expected: string[];
  try {
    expected = committedMigrations();
  } catch {
    return { status: "not-ready", reason: "migrations" };
  }
  if (expected.length === 0 || expected.some((name) => !applied.has(name))) return { status: "not-ready", reason: "migrations" };
  return { status: "ready" };
}
