// A Gatehouse server as a separate process, started the way production starts it (`npm run start:production`:
// scripts/start-production.ts on the existing build), for tests of what only whole processes show: several
// instances behind one database, signals, logs. It needs the production build (`npm test` builds first).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface GatehouseProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<number | null>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function assertBuilt() {
  const dist = path.join(ROOT, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (!existsSync(dist)) throw new Error(`no production build at ${dist}: run \`npm run build\` first (npm test builds before the integration tests)`);
}

export async function startGatehouseProcess(env: Record<string, string>, options: { port?: number; readyTimeoutMs?: number } = {}): Promise<GatehouseProcess> {
  assertBuilt();
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "start-production.ts")], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", HOSTNAME: "127.0.0.1", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout!.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Gatehouse exited with ${child.exitCode} before it answered:\n${printed}`);
    const answered = await fetch(`${url}/api/health`).then(
      (res) => res.status,
      () => 0,
    );
    if (answered === 200 || answered === 503) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Gatehouse did not answer on ${url} in time:\n${printed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    port,
    child,
    output: () => printed,
    stop() {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", (code) => {
          clearTimeout(kill);
          resolve(code);
        });
        child.kill("SIGTERM");
      });
    },
  };
}
