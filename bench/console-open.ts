// "Open console" server time: access decision + audit write + role chain (broker → Custodian → target) + federation
// sign-in token + recent-role write, i.e. the service behind POST /api/console, called directly with prepared users.
// 20 users open the console at once, round after round, first with empty credential caches (cold: two AssumeRole
// calls per user) and then with warm ones (no STS call), against a real database.
//
//   npx tsx bench/console-open.ts [--users 20] [--rounds 25] [--db postgresql|pglite] [--sandbox separate|in-process]
//
// The sandbox AWS runs in its own process by default, as AWS would be remote: in process, its request handling
// (SigV4 checks, policy simulation) would share Gatehouse's event loop and be counted as Gatehouse's time.
// `import "server-only"` is a no-op inside the Next.js server; here a resolve hook maps it to the package's empty
// module, registered before any Gatehouse module loads (hence the dynamic imports below).
import { spawn, type ChildProcess } from "node:child_process";
import { register } from "node:module";
import { pathToFileURL } from "node:url";

const EMPTY = pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href;
register(
  `data:text/javascript,${encodeURIComponent(
    `export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: ${JSON.stringify(EMPTY)}, shortCircuit: true } : next(specifier, context); }`,
  )}`,
);
const { loadSeed, startAwsSandbox } = await import("@/sandbox/aws");
// (Renamed: the test helpers' "use" prefix is not a React hook.)
const { applyAppEnvironment: applyAppEnvironment, connectTestDatabase: attachDatabase } = await import("@/tests/support/app-env");
const { createTestDatabase } = await import("@/tests/support/databases");
const { consoleEnvironment, storeOrganization } = await import("@/tests/integration/console-fixtures");
const { testActor } = await import("@/tests/support/actor");
type DatabaseKind = import("@/tests/support/databases").DatabaseKind;

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const USERS = Number(arg("users", "20"));
const ROUNDS = Number(arg("rounds", "25"));
const KIND = arg("db", "postgresql") as DatabaseKind;
const SEPARATE = arg("sandbox", "separate") !== "in-process";

/** The sandbox AWS: its URL, its request counters (over the control API) and how to stop it. */
async function startSandbox(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!SEPARATE) {
    const aws = await startAwsSandbox({ port: 0, gateway: false });
    return { url: aws.url, close: () => aws.close() };
  }
  const child: ChildProcess = spawn("node_modules/.bin/tsx", ["sandbox/aws/cli.ts"], {
    env: { ...process.env, SANDBOX_AWS_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  return { url, close: async () => void child.kill("SIGTERM") };
}

const sandbox = await startSandbox();
const stats = {
  reset: () => fetch(`${sandbox.url}/_sandbox/stats`, { method: "DELETE" }),
  count: async (service: string, operation: string) => {
    const snapshot = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
      services: Record<string, { operations: Record<string, { requests: number }> }>;
    };
    return snapshot.services[service]?.operations[operation]?.requests ?? 0;
  },
};
const database = await createTestDatabase(KIND);
applyAppEnvironment(consoleEnvironment(sandbox, database.url));
const db = attachDatabase(database.url);
await storeOrganization(db, loadSeed());
const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
await publishAccessPolicyFile("config/demo/access-profiles.yaml");
const { openConsole } = await import("@/lib/console/open-console");
const { resetRoleChainCache } = await import("@/lib/aws/role-chain");

// Developers opening Developer in API Dev: the longest chain the demo has (broker → CustodianDeveloper → Developer).
const users = Array.from({ length: USERS }, (_, i) =>
  testActor({
    sub: `2000000000000000000${String(i).padStart(2, "0")}`,
    email: `developer${String(i).padStart(2, "0")}@example.com`,
    groups: ["developers@example.com"],
    sourceIp: "203.0.113.9",
    userAgent: "bench/console-open",
  }),
);
const input = { accountId: "444444444444", roleName: "Developer" };

// As in the route (Next's `after`), the recent-role write runs once the answer is ready: it is not in the measured
// time, but it runs within the round, so its database load is.
async function round(): Promise<number[]> {
  const deferred: Promise<void>[] = [];
  const defer = (task: () => Promise<void>) => void deferred.push(task());
  const times = await Promise.all(
    users.map(async (user) => {
      const start = performance.now();
      const opened = await openConsole({ actor: user, input, defer });
      const elapsed = performance.now() - start;
      if (!opened.url.includes("SigninToken=")) throw new Error("no login URL");
      return elapsed;
    }),
  );
  await Promise.all(deferred);
  return times;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

function report(name: string, samples: number[], calls: string) {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  const figures = { median: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
  console.log(
    `${name.padEnd(5)} n=${String(sorted.length).padStart(4)}  median ${f(figures.median)} ms  p95 ${f(figures.p95)} ms  p99 ${f(figures.p99)} ms  max ${f(sorted.at(-1) ?? NaN)} ms  ${calls}`,
  );
  return figures;
}

async function phase(cold: boolean) {
  await stats.reset();
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) {
    if (cold) resetRoleChainCache();
    samples.push(...(await round()));
  }
  const cpu = process.cpuUsage(cpuBefore);
  // Gatehouse's own CPU per open (this process only; a separate sandbox's work is not in it).
  const cpuPerOpen = (cpu.user + cpu.system) / 1000 / samples.length;
  const calls = `AssumeRole ${await stats.count("sts", "AssumeRole")}, getSigninToken ${await stats.count("federation", "getSigninToken")}, CPU ${cpuPerOpen.toFixed(2)} ms/open`;
  return { samples, calls };
}

// Warm-up (connection pools, JIT, the policy cache) as on a server that has been running, not measured.
for (let i = 0; i < 10; i++) {
  resetRoleChainCache();
  await round();
}

console.log(
  `"Open console" server time: ${USERS} concurrent users, ${ROUNDS} rounds per phase, ${KIND} database, sandbox AWS ${SEPARATE ? "in its own process" : "in this process"} (Node ${process.version})`,
);
const cold = await phase(true);
const coldFigures = report("cold", cold.samples, cold.calls);
const warm = await phase(false);
const warmFigures = report("warm", warm.samples, warm.calls);
const verdict = (f: { median: number; p99: number }) => (f.median < 50 && f.p99 < 150 ? "meets" : "MISSES");
console.log(`targets (median < 50 ms, p99 < 150 ms): cold ${verdict(coldFigures)}, warm ${verdict(warmFigures)}`);
console.log(`audit records "issued": ${await db.auditEvent.count({ where: { action: "console.open", outcome: "issued" } })}`);

await db.$disconnect();
await database.drop();
await sandbox.close();
