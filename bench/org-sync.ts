// Cold organization sync at scale: a generated 5,000-account / 1,000-OU organization in the sandbox, with latency
// injected on every Organizations call, synced into a fresh database through the real SDK and Gatehouse's sync.
// The sandbox runs in its own process, as AWS would be elsewhere: sharing one event loop with it would charge its
// SigV4 checks and JSON work to Gatehouse.
// Runs three syncs in one run: the way Gatehouse read before (SCPs per target, every node's tags, fixed
// concurrency) cold, the current way cold (fresh database), and the current way again (the next scheduled sync).
// Prints each one's API calls by operation, wall time, and wall time over two floors:
//   call floor:   calls × injected latency / concurrency (what a perfectly packed pool of that width would need if
//                 every call took exactly the injected latency);
//   served floor: the larger of what the sandbox spent answering (injected latency, timer slack and its own work,
//                 measured per request) over the concurrency, and the longest chain of pages (one SCP's target
//                 listing: each page needs the previous NextToken), which no schedule can shorten.
//
//   npx tsx --conditions=react-server bench/org-sync.ts [--accounts 5000] [--ous 1000] [--depth 5] [--latency 20]
//     [--concurrency 8] [--page-size 20] [--db pglite|postgresql] [--before no]
//
// (--conditions=react-server makes `server-only` a no-op outside Next, as Vitest's alias does.)
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { sandboxEnvironment } from "@/sandbox";
import type { StatsSnapshot } from "@/sandbox/aws";
import { generateOrganization } from "@/sandbox/seed/generate";
import { createTestDatabase, type DatabaseKind } from "../tests/support/databases";
// Renamed on import: these are not React hooks, whatever their names say.
import { applyAppEnvironment, connectTestDatabase as replaceDatabase } from "../tests/support/app-env";

/** Starts `sandbox/aws/cli.ts` on a free port with the given seed file; resolves with its URL. */
async function startSandboxProcess(seedFile: string, pageSize: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["sandbox/aws/cli.ts"], {
    env: { ...process.env, SANDBOX_AWS_PORT: "0", SANDBOX_AWS_SEED: seedFile, SANDBOX_AWS_PAGE_SIZE: String(pageSize) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  return { url, child };
}

async function control(url: string, route: string, method = "GET", body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${route}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
  return response.status === 204 ? null : response.json();
}

function readFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) flags[argv[i]!.replace(/^--/, "")] = argv[i + 1] ?? "";
  return flags;
}

const flags = readFlags(process.argv.slice(2));
const accounts = Number(flags.accounts ?? 5000);
const ous = Number(flags.ous ?? 1000);
const depth = Number(flags.depth ?? 5);
const latencyMs = Number(flags.latency ?? 20);
const concurrency = Number(flags.concurrency ?? 8);
const pageSize = Number(flags["page-size"] ?? 20);
const dbKind = (flags.db ?? "pglite") as DatabaseKind;

const workDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-org-"));
const seedFile = path.join(workDir, "org.yaml");
writeFileSync(seedFile, stringify(generateOrganization({ accounts, ous, depth }), { aliasDuplicateObjects: false, lineWidth: 0 }));
const aws = await startSandboxProcess(seedFile, pageSize);
const database = await createTestDatabase(dbKind);
applyAppEnvironment({
  DATABASE_URL: database.url,
  ...sandboxEnvironment({ awsUrl: aws.url, googleIssuer: "http://localhost:4000" }),
  AWS_CONCURRENCY: String(concurrency),
});
const db = replaceDatabase(database.url);
const { syncOrganization } = await import("@/lib/org/sync");

if (latencyMs > 0) await control(aws.url, "/_sandbox/faults", "POST", { kind: "latency", service: "organizations", latencyMs });
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

type Run = {
  label: string;
  calls: number;
  wallMs: number;
  readMs: number;
  storeMs: number;
  boundMs: number;
  /** What AWS (the sandbox) spent answering, over the concurrency; and the longest chain of pages, in ms. */
  servedBoundMs: number;
  chainMs: number;
  operations: Record<string, number>;
  detail: string;
};

async function measure(label: string, strategy: "legacy" | "current"): Promise<Run> {
  await control(aws.url, "/_sandbox/stats", "DELETE");
  const started = performance.now();
  const result = await syncOrganization({ trigger: "admin", triggeredBy: "bench", strategy });
  const wallMs = performance.now() - started;
  if (result.status !== "succeeded") {
    console.error(`${label}: the sync did not succeed:`, result);
    process.exit(1);
  }
  const served = ((await control(aws.url, "/_sandbox/stats")) as StatsSnapshot).services.organizations!;
  if (served.total !== result.apiCalls) console.error(`${label}: Gatehouse counted ${result.apiCalls} calls, the sandbox served ${served.total}`);
  const operations = Object.fromEntries(Object.entries(served.operations).map(([operation, stats]) => [operation, stats.requests]));
  const servedMs = Object.values(served.operations).reduce((sum, stats) => sum + stats.servedMs, 0);
  // The longest chain: one SCP's target listing, page after page (each needs the previous NextToken). Per target it
  // is one ListPoliciesForTarget listing per node instead, a page or two each.
  const mostTargets = Math.max(0, ...(await targetsPerPolicy()));
  const listing = served.operations.ListTargetsForPolicy;
  const chainMs = listing ? Math.ceil(mostTargets / pageSize) * (listing.servedMs / listing.requests) : 0;
  const detail =
    `${result.accountCount} accounts, ${result.ouCount} OUs, ${result.policyCount} SCPs; SCPs read ${result.scpPlan.mode}; ` +
    `tags read ${result.tagReads}; throttled ${result.throttled}; concurrency ${result.slots.minLimit}-${result.concurrency}`;
  return {
    label,
    calls: result.apiCalls,
    wallMs,
    readMs: result.readMs,
    storeMs: result.storeMs,
    boundMs: (result.apiCalls * latencyMs) / result.concurrency,
    servedBoundMs: Math.max(servedMs / result.concurrency, chainMs),
    chainMs,
    operations,
    detail,
  };
}

async function targetsPerPolicy(): Promise<number[]> {
  const counts = new Map<string, number>();
  for (const { policyIds } of await db.orgNode.findMany({ select: { policyIds: true } })) for (const id of policyIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.values()];
}

// A fresh database before each cold sync: nothing to carry over, nothing to choose by.
async function emptyTree(): Promise<void> {
  await db.orgNode.deleteMany({});
  await db.orgPolicy.deleteMany({});
  await db.orgSync.deleteMany({});
}

const runs: Run[] = [];
// --before no: only the current way (while working on it); the figures to record always include "before".
if (flags.before !== "no") {
  runs.push(await measure("before (per target), cold", "legacy"));
  await emptyTree();
}
runs.push(await measure("now, cold", "current"));
runs.push(await measure("now, next sync", "current"));

console.log(`organization: ${accounts} accounts, ${ous} OUs (depth ${depth})`);
console.log(
  `sandbox: page size ${pageSize}, injected latency ${latencyMs} ms per Organizations call; database ${dbKind}; concurrency (AWS_CONCURRENCY) ${concurrency}`,
);
console.log(
  `machine: ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")} (the sandbox runs in its own process)`,
);
const [before] = runs;
for (const run of runs) {
  console.log(`\n${run.label}: ${run.detail}`);
  for (const [operation, requests] of Object.entries(run.operations).sort()) console.log(`  ${operation.padEnd(34)} ${requests}`);
  console.log(`  API calls: ${run.calls}${run === before ? "" : ` (${(run.calls / before!.calls).toFixed(3)} of before)`}`);
  console.log(`  wall time: ${fmt(run.wallMs)} (read AWS ${fmt(run.readMs)}, store in one transaction ${fmt(run.storeMs)})`);
  if (latencyMs > 0)
    console.log(
      `  call floor (calls × latency / concurrency): ${fmt(run.boundMs)}; wall / floor ${(run.wallMs / run.boundMs).toFixed(2)} (AWS read alone ${(run.readMs / run.boundMs).toFixed(2)})`,
    );
  console.log(
    `  served floor (max of AWS's answering time / concurrency, longest chain ${fmt(run.chainMs)}): ${fmt(run.servedBoundMs)}; ` +
      `wall / served floor ${(run.wallMs / run.servedBoundMs).toFixed(2)} (AWS read alone ${(run.readMs / run.servedBoundMs).toFixed(2)})`,
  );
}
console.log("\n| sync | API calls | calls vs before | wall time | call floor | wall / floor | served floor | wall / served floor |");
console.log("|---|---|---|---|---|---|---|---|");
for (const run of runs) {
  console.log(
    `| ${run.label} | ${run.calls.toLocaleString("en")} | ${(run.calls / before!.calls).toFixed(2)} | ${fmt(run.wallMs)} | ${fmt(run.boundMs)} | ${(run.wallMs / run.boundMs).toFixed(2)} | ${fmt(run.servedBoundMs)} | ${(run.wallMs / run.servedBoundMs).toFixed(2)} |`,
  );
}

await db.$disconnect();
aws.child.kill("SIGTERM");
await database.drop();
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
