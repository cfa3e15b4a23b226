// Shared by the demo and the production launcher: the embedded database when no DATABASE_URL is given, migrations,
// and the Next.js server. Nothing here knows about the sandbox.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrateDatabase as applyMigrations } from "./migrate-database";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

export function log(message: string) {
  console.log(`[gatehouse] ${message}`);
}

/** Runs a command to completion without blocking this process's event loop (the embedded database lives here). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}`))));
  });
}

/** DATABASE_URL if set; otherwise the embedded PGlite database in `dataDir/pglite`. */
export async function ensureDatabase(env: NodeJS.ProcessEnv, dataDir: string, port: number): Promise<EmbeddedPostgres | null> {
  if (env.DATABASE_URL) return null;
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), port });
  env.DATABASE_URL = db.url;
  // PGlite answers one connection's messages at a time; several pooled connections would interleave them.
  env.DATABASE_POOL_SIZE ??= "1";
  log(`embedded database (PGlite) in ${path.relative(ROOT, path.join(dataDir, "pglite")) || "."}, listening on 127.0.0.1:${port}`);
  return db;
}

export async function migrateDatabase(env: NodeJS.ProcessEnv) {
  log("applying database migrations (prisma migrate deploy)");
  await applyMigrations(env.DATABASE_URL!, { quiet: true });
  log("database schema is up to date");
}

/** A session-signing secret kept in the data folder, so demo sign-ins survive a restart. */
export function ensureLocalSecret(dataDir: string): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function isBuilt(): boolean {
  return existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"));
}

/** The `gatehouse` command line's bundle, which Gatehouse serves at /cli/gatehouse.mjs. */
const CLI_BUNDLE = path.join(ROOT, "dist", "cli", "gatehouse.mjs");

export function isCliBuilt(): boolean {
  return existsSync(CLI_BUNDLE);
}

export async function buildCli() {
  // Loaded here only: esbuild is a build tool, and the production launcher imports this file too.
  const { buildCliBundle } = await import("./build-cli-bundle");
  const { bytes } = await buildCliBundle();
  log(`command line bundled: ${path.relative(ROOT, CLI_BUNDLE)} (${(bytes / 1024).toFixed(1)} KiB)`);
}

export async function buildApp(env: NodeJS.ProcessEnv) {
  await buildCli();
  log("building the app (next build)");
  await run(bin("next"), ["build"], env);
}

/**
 * The Next.js server as a child process. "start" is Gatehouse's own production server (serve-next.ts, run with tsx):
 * `next start`'s job on the existing build, plus the TCP peer's address on every request for the audit log's
 * source IP. "dev" is `next dev`, which stamps no peer address (source IPs are then empty, or from X-Forwarded-For
 * when TRUSTED_PROXY_HOPS is set).
 */
export function startNext(mode: "start" | "dev", port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const listen = ["--port", String(port), "--hostname", env.HOSTNAME ?? "127.0.0.1"];
  if (mode === "dev") return spawn(bin("next"), ["dev", ...listen], { cwd: ROOT, env, stdio: "inherit" });
  // Node itself with tsx's loader (not the tsx CLI, which would add a process between the signals and the server).
  return spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "lib", "serve-next.ts"), ...listen], { cwd: ROOT, env, stdio: "inherit" });
}

/** Stops everything on SIGINT/SIGTERM or when the server exits; runs `cleanups` once. */
export function superviseUntilExit(server: ChildProcess, cleanups: Array<() => Promise<void>>) {
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (server.exitCode === null) server.kill("SIGTERM");
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    process.exit(code);
  };
  server.on("exit", (code) => void stop(code ?? 0));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}
