// `prisma migrate deploy`, the way production applies the committed SQL migrations. Prisma 6.19's WebAssembly
// schema engine leaves a 10-second timer running after it has finished, so the CLI lingers; once it has reported
// the outcome the work is committed, and the process is stopped instead of waited for.
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

export function migrateDatabase(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let succeeded = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) process.stdout.write(chunk);
      if (!succeeded && DONE.test(output)) {
        succeeded = true;
        resolve();
        setTimeout(() => child.kill("SIGTERM"), 100);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (succeeded) return;
      if (code === 0) resolve();
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}
