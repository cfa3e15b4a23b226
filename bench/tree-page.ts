// Tree page server time at scale: a generated 5,000-account / 1,000-OU organization is synced into a fresh database,
// then the Organization page's data loader (lib/org/organization-page.ts: session user → access policy, sync
// status and tree from the database, the user's roles in every account, the root level's node views) is called
// N times per user. Prints median and p95, the first (cold) load that reads every row, and the size of the page's
// props next to the size the whole tree would have been. Measures the loader, not HTTP or React rendering.
//
//   npx tsx --conditions=react-server bench/tree-page.ts [--runs 200] [--accounts 5000] [--ous 1000] [--db pglite|postgresql]
import os from "node:os";
import { sandboxEnvironment } from "@/sandbox";
import { startAwsSandbox } from "@/sandbox/aws";
import { generateOrganization } from "@/sandbox/seed/generate";
import { testActor } from "../tests/support/actor";
import { createTestDatabase, type DatabaseKind } from "../tests/support/databases";
// Renamed on import: these are not React hooks, whatever their names say.
import { applyAppEnvironment, connectTestDatabase as replaceDatabase } from "../tests/support/app-env";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const runs = Number(flag("runs", "200"));
const accounts = Number(flag("accounts", "5000"));
const ous = Number(flag("ous", "1000"));
const dbKind = flag("db", "pglite") as DatabaseKind;

const aws = await startAwsSandbox({ port: 0, seed: generateOrganization({ accounts, ous, depth: 5 }), pageSize: 20, gateway: false });
const database = await createTestDatabase(dbKind);
applyAppEnvironment({
  DATABASE_URL: database.url,
  ...sandboxEnvironment({ awsUrl: aws.url, googleIssuer: "http://localhost:4000" }),
});
const db = replaceDatabase(database.url);
const { syncOrganization } = await import("@/lib/org/sync");
const { loadOrganizationPage } = await import("@/lib/org/organization-page");
const { forgetOrgTree, getOrgTree } = await import("@/lib/org/tree");
const { computeUserAccess, toNodeView } = await import("@/lib/org/node-view");
const { searchOrgTree } = await import("@/lib/org/search-tree");
const { getAccessPolicy } = await import("@/lib/access/policy-store");

const synced = await syncOrganization({ trigger: "admin", concurrency: 32 });
if (synced.status !== "succeeded") throw new Error(`sync failed: ${JSON.stringify(synced)}`);
await aws.close(); // from here on nothing may touch AWS

const user = (sub: string, email: string, name: string, groups: string[]) => testActor({ sub, email, name, groups, expiresAt: 2e12 });
const USERS = {
  "Ada (admin, every account)": user("100000000000000000001", "ada@example.com", "Ada Admin", ["admins@example.com", "engineering@example.com"]),
  "Dana (developer)": user("100000000000000000002", "dana@example.com", "Dana Developer", ["developers@example.com", "engineering@example.com"]),
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

console.log(
  `organization: ${synced.accountCount} accounts, ${synced.ouCount} OUs; database ${dbKind}; ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(`data loader: loadOrganizationPage(user), ${runs} runs per user after 10 warm-up runs`);

const cold: number[] = [];
for (let i = 0; i < 5; i++) {
  forgetOrgTree();
  cold.push(await time(() => loadOrganizationPage(USERS["Ada (admin, every account)"])));
}
cold.sort((a, b) => a - b);
console.log(
  `cold load (in-memory tree dropped, all ${synced.accountCount + synced.ouCount + 1} rows read): median ${ms(percentile(cold, 50))}, max ${ms(cold.at(-1)!)}`,
);

for (const [label, who] of Object.entries(USERS)) {
  for (let i = 0; i < 10; i++) await loadOrganizationPage(who);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await time(() => loadOrganizationPage(who)));
  samples.sort((a, b) => a - b);
  console.log(`${label}: median ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(samples.at(-1)!)}`);
}

const page = await loadOrganizationPage(USERS["Ada (admin, every account)"]);
const tree = await getOrgTree();
const access = computeUserAccess(tree, { sub: "1", email: "ada@example.com", groups: ["admins@example.com"] }, await getAccessPolicy());
const everything = [...tree.nodes.values()].map((node) => toNodeView(tree, node, access));
const kb = (value: unknown) => `${(Buffer.byteLength(JSON.stringify(value)) / 1024).toFixed(0)} KiB`;
console.log(
  `page props: ${kb(page)} (root + ${page.kind === "ok" ? page.tree?.rootChildren.nodes.length : 0} children); the whole tree as node views would be ${kb(everything)}`,
);
const searchTimes: number[] = [];
for (let i = 0; i < 100; i++) searchTimes.push(await time(async () => searchOrgTree(tree, i % 2 ? "workload 01" : "9000000")));
searchTimes.sort((a, b) => a - b);
console.log(`search over the in-memory tree (as /api/org/search): median ${ms(percentile(searchTimes, 50))}, p95 ${ms(percentile(searchTimes, 95))}`);

await db.$disconnect();
await database.drop();
process.exit(0);
