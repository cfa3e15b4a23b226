// Shared by the demo and the production launcher: the embedded database when no DATABASE_URL is given, migrations,
// and the Next.js server. Nothing here knows about the sandbox.
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { logger } from "../../lib/log/logger";
import { migrateDatabase as applyMigrations } from "./migrate-database";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

const launcher = logger("launcher");

/** One JSON log line from the launcher (the demo or `npm run start:production`), like the server's own. */
export function log(message: string, level: "info" | "error" = "info") {
  launcher[level](message);
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
 * when TRUSTED_PROXY_HOPS is set). With GATEHOUSE_LOG_FILE set, everything the server writes to stdout and stderr is
 * also appended to that file (the browser tests read it back to check that no line holds a secret).
 */
export function startNext(mode: "start" | "dev", port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const listen = ["--port", String(port), "--hostname", env.HOSTNAME ?? "127.0.0.1"];
  const logFile = env.GATEHOUSE_LOG_FILE;
  const stdio: StdioOptions = logFile ? ["inherit", "pipe", "pipe"] : "inherit";
  const child: ChildProcess =
    mode === "dev"
      ? spawn(bin("next"), ["dev", ...listen], { cwd: ROOT, env, stdio })
      : // Node itself with tsx's loader (not the tsx CLI, which would add a process between the signals and the
        // server); --no-warnings because the server logs Node's warnings as JSON lines itself.
        spawn(process.execPath, ["--no-warnings", "--import", "tsx", path.join(ROOT, "scripts", "lib", "serve-next.ts"), ...listen], { cwd: ROOT, env, stdio });
  if (logFile) {
    const file = createWriteStream(logFile, { flags: "a" });
    child.stdout!.on("data", (chunk: Buffer) => (process.stdout.write(chunk), file.write(chunk)));
    child.stderr!.on("data", (chunk: Buffer) => (process.stderr.write(chunk), file.write(chunk)));
    child.on("exit", () => file.end());
  }
  return child;
}

/**
 * Passes SIGINT/SIGTERM on to the server (once: it drains its requests and exits by itself), and when the server has
 * exited runs `cleanups` once and exits with the server's code.
 */
export function superviseUntilExit(server: ChildProcess, cleanups: Array<() => Promise<void>>) {
  let forwarded = false;
  server.on("exit", (code, signal) => {
    void (async () => {
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      process.exit(code ?? (signal ? 1 : 0));
    })();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (forwarded || server.exitCode !== null) return;
      forwarded = true;
      server.kill(signal);
    });
  }
}
