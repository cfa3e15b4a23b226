// npm run start:production - Gatehouse for real use: your configuration, your PostgreSQL (or the embedded PGlite
// database for a single instance), `prisma migrate deploy`, then Gatehouse's server (scripts/lib/serve-next.ts). It never starts the sandbox.
// The Dockerfile runs this too. SIGTERM or SIGINT is passed to the server, which drains its requests and exits.
import { parseConfig, ConfigError } from "../lib/config";
import { ensureDatabase, isBuilt, log, migrateDatabase, startNext, superviseUntilExit } from "./lib/run-gatehouse";

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
const port = Number(env.PORT ?? 3000);
const dataDir = env.GATEHOUSE_DATA_DIR ?? "data";

const embedded = await ensureDatabase(env, dataDir, Number(env.EMBEDDED_DB_PORT ?? 5433));
if (embedded) log("DATABASE_URL is not set: using the embedded database. Run one instance only; use PostgreSQL for more.");
try {
  parseConfig(env);
} catch (error) {
  log(error instanceof ConfigError ? error.message : String(error), "error");
  await embedded?.stop();
  process.exit(1);
}
if (!isBuilt()) {
  log("Gatehouse is not built: run `npm run build` first.", "error");
  process.exit(1);
}
await migrateDatabase(env);
env.HOSTNAME ??= "0.0.0.0";
const server = startNext("start", port, env);
superviseUntilExit(server, embedded ? [() => embedded.stop()] : []);
