// Instance listing at scale: 100 accounts × 4 regions from the sandbox AWS with 50 ms injected on every AWS request,
// through Gatehouse's own listPermittedInstances (role chain, SSM DescribeInstanceInformation + EC2 DescribeInstances,
// bounded fan-out). Prints wall time against the lower bound at each concurrency and their ratio.
//
//   npx tsx bench/instances-listing.ts [--accounts 100] [--latency 50] [--concurrency 8,16,32] [--instances 2]
//
// Lower bound: every target needs DescribeInstanceInformation then DescribeInstances (2 sequential round trips),
// every account one AssumeRole into its target role, plus one AssumeRole into the Custodian role; with C requests in
// flight at most, the wall time is at least (total round trips × latency) / C, and never less than the critical
// path (Custodian hop + account hop + 2 calls).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import type { AwsSandbox } from "../sandbox/aws";
import { generateOrganization } from "../sandbox/seed/generate";
import { loadSeed } from "../sandbox/seed/load-seed";

// `import "server-only"` is a no-op inside the Next.js server; here a resolve hook maps it to the package's empty
// module, registered before any Gatehouse module loads (hence the dynamic imports below).
const EMPTY = pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href;
register(
  `data:text/javascript,${encodeURIComponent(
    `export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: ${JSON.stringify(EMPTY)}, shortCircuit: true } : next(specifier, context); }`,
  )}`,
);
// (Renamed: the test helpers' "use" prefix is not a React hook.)
const { applyAppEnvironment: applyAppEnvironment, connectTestDatabase: attachDatabase } = await import("../tests/support/app-env");
const { createTestDatabase } = await import("../tests/support/databases");
const { ADA, consoleEnvironment, storeOrganization } = await import("../tests/integration/console-fixtures");
const { testActor } = await import("../tests/support/actor");
const adaActor = testActor(ADA);

const REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"];

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const accountCount = Number(flag("accounts", "100"));
const latencyMs = Number(flag("latency", "50"));
const perRegion = Number(flag("instances", "2"));
const concurrencies = flag("concurrency", "8,16,32").split(",").map(Number);

// The default world plus `accountCount` generated accounts; generated accounts get instances in all four regions.
const seed = generateOrganization({ accounts: accountCount + 5, ous: 20, depth: 3, instancesPerRegion: perRegion });
seed.regions = REGIONS;
const generated = seed.accounts.slice(5).map((account) => account.id);
generated.forEach((accountId, i) => {
  REGIONS.slice(2).forEach((region, r) => {
    for (let n = 0; n < perRegion; n++) {
      const serial = 0x1000000 + (i * 2 + r) * perRegion + n;
      seed.instances!.push({
        id: `i-0${serial.toString(16).padStart(16, "0")}`,
        accountId,
        region,
        tags: { Name: n % 2 ? "Production" : "Develop" },
        ipAddress: `10.9.${i & 255}.${10 + n}`,
      });
    }
  });
});

// One profile reaching exactly the generated accounts in every region, as the Admin role.
const tmp = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-listing-"));
const policyFile = path.join(tmp, "profiles.yaml");
writeFileSync(
  policyFile,
  [
    "version: 1",
    "profiles:",
    "  - id: bench",
    "    name: Bench",
    "    custodianRole: arn:aws:iam::111111111111:role/CustodianAdmin",
    "    grantedTo: { groups: [admins@example.com] }",
    "    instances:",
    `      - { accounts: [${generated.map((id) => `"${id}"`).join(", ")}], regions: all, role: Admin }`,
    "",
  ].join("\n"),
);

// The sandbox runs in its own process, as AWS would be elsewhere: its CPU time does not count against Gatehouse's.
const seedFile = path.join(tmp, "seed.yaml");
writeFileSync(seedFile, stringify(seed, { aliasDuplicateObjects: false, lineWidth: 0 }));
const sandboxProcess = spawn(process.execPath, [...process.execArgv, "sandbox/aws/cli.ts"], {
  env: { ...process.env, SANDBOX_AWS_PORT: "0", SANDBOX_AWS_SEED: seedFile, SANDBOX_AWS_PAGE_SIZE: "50" },
  stdio: ["ignore", "pipe", "inherit"],
});
const sandboxUrl = await new Promise<string>((resolve, reject) => {
  let text = "";
  sandboxProcess.stdout!.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    const match = /listening on (http:\/\/[^\s]+)/.exec(text);
    if (match) resolve(match[1]!);
  });
  sandboxProcess.once("exit", (code) => reject(new Error(`the sandbox exited with ${code}`)));
});
const admin = (route: string, init?: RequestInit) => fetch(`${sandboxUrl}/_sandbox/${route}`, init).then((response) => response.json());
const setLatency = async (ms: number) => {
  await admin("faults", { method: "DELETE" });
  if (ms > 0) await admin("faults", { method: "POST", body: JSON.stringify({ kind: "latency", latencyMs: ms }) });
};

const database = await createTestDatabase("pglite");
const restore = applyAppEnvironment(
  consoleEnvironment({ url: sandboxUrl } as AwsSandbox, database.url, {
    ACCESS_PROFILES_FILE: policyFile,
    AWS_REGIONS: REGIONS.join(","),
    AWS_MAX_ATTEMPTS: "1",
  }),
);
const db = attachDatabase(database.url);
await storeOrganization(db, loadSeed(seed));

const targets = generated.length * REGIONS.length;
const roundTrips = targets * 2 + generated.length + 1;
console.log(
  `Instance listing: ${generated.length} accounts × ${REGIONS.length} regions = ${targets} targets, ${seed.instances!.length} instances in the org, ${latencyMs} ms per AWS request`,
);
console.log(`Lower bound per concurrency C: max(${roundTrips} round trips × ${latencyMs} ms / C, ${4 * latencyMs} ms critical path)\n`);
console.log("concurrency  wall (ms)  lower bound (ms)  ratio  instances  problems  AWS requests  Gatehouse CPU (ms)");
console.log("-----------  ---------  ----------------  -----  ---------  --------  ------------  -----------------");

const { listPermittedInstances } = await import("../lib/instances/list-instances");
const { clearListingCache } = await import("../lib/instances/listing-cache");
const { resetRoleChainCache } = await import("../lib/aws/role-chain");

// One unmeasured pass warms the JIT on both sides (and the sandbox's IAM decision cache, which AWS does not need).
await listPermittedInstances({ actor: adaActor, concurrency: 16 });

for (const concurrency of concurrencies) {
  // Every measured run is cold for Gatehouse: no cached listings, no cached role credentials.
  clearListingCache();
  resetRoleChainCache();
  await setLatency(latencyMs);
  await admin("stats", { method: "DELETE" });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const listing = await listPermittedInstances({ actor: adaActor, concurrency });
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const requests = ((await admin("stats")) as { total: number }).total;
  const bound = Math.max((roundTrips * latencyMs) / concurrency, 4 * latencyMs);
  console.log(
    `${String(concurrency).padStart(11)}  ${wall.toFixed(0).padStart(9)}  ${bound.toFixed(0).padStart(16)}  ${(wall / bound).toFixed(2).padStart(5)}  ${String(listing.instances.length).padStart(9)}  ${String(listing.problems.length).padStart(8)}  ${String(requests).padStart(12)}  ${cpuMs.toFixed(0).padStart(17)}`,
  );
}
console.log("\n(ratio = wall / lower bound; 1.00 would mean no time lost beyond the injected latency at that concurrency)");

await db.$disconnect();
restore();
await database.drop();
sandboxProcess.kill("SIGTERM");
rmSync(tmp, { recursive: true, force: true });
