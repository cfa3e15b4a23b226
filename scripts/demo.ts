// npm start - the demo: Gatehouse with its embedded defaults on http://localhost:3000. The embedded PGlite
// database, the sandbox Google issuer and the sandbox AWS start in this process; Gatehouse itself runs unchanged
// against them. `--dev` runs `next dev` instead of a production build.
import path from "node:path";
import { parseConfig, ConfigError } from "../lib/config";
import { startSandbox } from "../sandbox";
import {
  buildApp,
  buildCli,
  ensureDatabase,
  ensureLocalSecret,
  isBuilt,
  isCliBuilt,
  log,
  migrateDatabase,
  ROOT,
  startNext,
  superviseUntilExit,
} from "./lib/run-gatehouse";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(ROOT, process.env.GATEHOUSE_DATA_DIR ?? "data");
const appUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;

const sandbox = await startSandbox({
  appUrl,
  dataDir: path.join(dataDir, "sandbox"),
  googlePort: Number(process.env.SANDBOX_GOOGLE_PORT ?? 4000),
  awsPort: Number(process.env.SANDBOX_AWS_PORT ?? 4566),
});
const env: NodeJS.ProcessEnv = {
  ...sandbox.env,
  ...process.env,
  NEXTAUTH_URL: appUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? ensureLocalSecret(dataDir),
  NODE_ENV: dev ? "development" : "production",
};
const embedded = await ensureDatabase(env, dataDir, Number(process.env.EMBEDDED_DB_PORT ?? 5433));
try {
  parseConfig(env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
await migrateDatabase(env);
if (!dev && (!isBuilt() || process.argv.includes("--rebuild"))) await buildApp(env);
else if (!isCliBuilt()) await buildCli();
const server = startNext(dev ? "dev" : "start", port, { ...env, HOSTNAME: "127.0.0.1" });
log(`Gatehouse demo on ${appUrl} - sign in as one of the sample users (see README)`);
superviseUntilExit(server, [async () => embedded?.stop(), () => sandbox.close()]);
