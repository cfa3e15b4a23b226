import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { freePort } from "../support/gatehouse-process";
import { expect, test } from "./helpers";

// The production start path, as the Dockerfile runs it: `npm run start:production` (configuration check,
// `prisma migrate deploy`, Gatehouse's server on the build under test) against PostgreSQL. It must answer live and
// ready, carry request ids, and on SIGTERM: answer not-ready at once, finish the request in flight, stop its
// schedules and database pool, and exit 0. Here rather than with the integration tests because it needs the
// production build, which `npm test` makes just before the browser tests.
//
// The slow request is GET /api/health with AWS's endpoint pointed at a port that accepts connections and never
// answers: the health check's AWS half waits its full 3 s, so the request is in flight when the signal comes.

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** A TCP port that accepts connections and never says anything. */
async function silentEndpoint(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let database: TestDatabase | undefined;
let aws: Awaited<ReturnType<typeof silentEndpoint>> | undefined;
let server: ChildProcess | undefined;

test.afterAll(async () => {
  // Its own process group (detached): a failed test leaves no launcher or server behind.
  if (server?.pid && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await aws?.close();
  await database?.drop();
});

test("npm run start:production: live, ready, request ids; SIGTERM drains the request in flight and exits 0", async () => {
  test.setTimeout(180_000);
  database = await createTestDatabase("postgresql");
  aws = await silentEndpoint();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    DATABASE_URL: database.url,
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: "lifecycle-test-secret-0123456789abcdef",
    ALLOWED_DOMAINS: "example.com",
    GOOGLE_CLIENT_ID: "lifecycle",
    GOOGLE_CLIENT_SECRET: "lifecycle",
    GROUPS_SOURCE: "static",
    GROUPS_FILE: "config/demo/groups.yaml",
    ACCESS_PROFILES_FILE: "config/demo/access-profiles.yaml",
    AWS_ENDPOINT_URL: `http://127.0.0.1:${aws.port}`,
    AWS_ACCESS_KEY_ID: "AKIDLIFECYCLETEST",
    AWS_SECRET_ACCESS_KEY: "lifecycle",
    AWS_MAX_ATTEMPTS: "1",
    ORG_SYNC_INTERVAL_SECONDS: "0",
    SHUTDOWN_DELAY_SECONDS: "2",
    SHUTDOWN_TIMEOUT_SECONDS: "20",
  };
  const output: string[] = [];
  const child = spawn("npm", ["run", "--silent", "start:production"], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server = child;
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const ready = await until(
    "readiness",
    async () => {
      const response = await fetch(`${base}/api/health/ready`);
      return response.status === 200 ? response : undefined;
    },
    120_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the server wrote:\n${output.join("")}`);
  });
  expect(await ready.json()).toEqual({ status: "ready" });
  expect(ready.headers.get("cache-control")).toBe("no-store");

  const live = await fetch(`${base}/api/health/live`, { headers: { "x-request-id": "lifecycle-check-1" } });
  expect(live.status).toBe(200);
  expect(await live.json()).toEqual({ status: "live" });
  // A well-formed id comes back as sent; anything else is replaced by a fresh one.
  expect(live.headers.get("x-request-id")).toBe("lifecycle-check-1");
  const replaced = (await fetch(`${base}/api/health/live`, { headers: { "x-request-id": "not valid; id" } })).headers.get("x-request-id");
  expect(replaced).toMatch(/^[0-9a-f-]{36}$/);

  // The slow request, then the signal while it is in flight.
  const slowStarted = Date.now();
  const slow = fetch(`${base}/api/health`, { headers: { "x-request-id": "slow-request-1" } });
  await new Promise((resolve) => setTimeout(resolve, 500));
  child.kill("SIGTERM");

  // Readiness says no at once (the server keeps serving for SHUTDOWN_DELAY_SECONDS so a balancer can see it).
  const draining = await until(
    "readiness to turn 503",
    async () => {
      const response = await fetch(`${base}/api/health/ready`);
      return response.status === 503 ? response : undefined;
    },
    2_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the server wrote:\n${output.join("")}`);
  });
  expect(await draining.json()).toEqual({ status: "not-ready", reason: "shutting-down" });

  // The request in flight is answered in full (degraded: the AWS check timed out), after the signal.
  const answer = await slow;
  expect(Date.now() - slowStarted).toBeGreaterThan(2_500);
  expect(answer.status).toBe(503);
  expect(await answer.json()).toEqual({ status: "degraded", database: "ok", aws: "degraded" });

  expect(await exited).toBe(0);
  // After that, nothing listens.
  await expect(fetch(`${base}/api/health/live`)).rejects.toThrow();

  // Every line is JSON; the shutdown went through its steps in order; the slow request has its log line and id.
  const lines = output
    .join("")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const entries = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
  });
  const messages = entries.map((entry) => String(entry.msg));
  const order = ["shutting down: readiness now answers 503", "no longer accepting connections; waiting for requests in flight", "stopped"].map((msg) =>
    messages.indexOf(msg),
  );
  expect(order.every((index) => index >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  expect(entries.find((entry) => entry.msg === "stopped")).toMatchObject({ exitCode: 0, stopped: ["organization sync schedule", "database pool"] });
  expect(entries.find((entry) => entry.msg === "request" && entry.requestId === "slow-request-1")).toMatchObject({
    method: "GET",
    route: "/api/health",
    status: 503,
  });
});
