import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sandboxEnvironment } from "@/sandbox";
import { startAwsSandbox, type AwsSandbox, type SeedInput } from "@/sandbox/aws";
import { generateOrganization } from "@/sandbox/seed/generate";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";

// The organization sync's two ways of reading, compared on one generated organization (300 accounts, 60 OUs nested
// 5 deep, SCPs attached at the root, OU and account levels, one attached nowhere), served by the sandbox over HTTP
// with 20-item pages that are sometimes short or empty, through the real Organizations SDK client:
//   before: SCPs per target (ListPoliciesForTarget on every node), every node's tags, a fixed concurrency;
//   now:    SCPs per policy (ListPolicies, ListTargetsForPolicy), no tags (read when a page shows the node), AIMD
//           concurrency.
// What the organization page shows (tree, each node's attached and inherited SCPs, tags, the SCPs' content) must
// be the same.

type SeedPolicy = NonNullable<SeedInput["policies"]>[number];

const policy = (id: string, name: string, action: string): SeedPolicy => ({
  id,
  name,
  description: `Deny ${action}`,
  awsManaged: false,
  content: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: action, Resource: "*" }] },
});

function generatedSeed(): SeedInput {
  const seed = generateOrganization({ accounts: 300, ous: 60, depth: 5, instancesPerRegion: 0 });
  seed.policies!.push(
    policy("p-denyroot001", "DenyRootUser", "iam:CreateAccessKey"),
    policy("p-denycost001", "DenyBigInstances", "ec2:RunInstances"),
    policy("p-unused00001", "Unused", "s3:DeleteBucket"),
  );
  seed.root.policies = [...(seed.root.policies ?? []), "p-denyroot001"];
  seed.organizationalUnits!.forEach((ou, i) => {
    if (i % 7 === 3) ou.policies = [...(ou.policies ?? []), "p-denyroot001"];
    if (i % 11 === 5) ou.policies = [...(ou.policies ?? []), "p-denycost001"];
  });
  seed.accounts.forEach((account, i) => {
    if (i % 9 === 4) account.policies = [...(account.policies ?? []), "p-denycost001"];
  });
  return seed;
}

let aws: AwsSandbox;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let org: {
  syncOrganization: typeof import("@/lib/org/sync").syncOrganization;
  getOrgTree: typeof import("@/lib/org/tree").getOrgTree;
  listInheritedPolicies: typeof import("@/lib/org/tree-model").listInheritedPolicies;
  readNodeTags: typeof import("@/lib/org/node-tags").readNodeTags;
  TAGS_MAX_AGE_MS: number;
};

/** Everything the organization page can show, node by node, as plain data. */
async function shownTree() {
  const tree = await org.getOrgTree();
  const nodes = [...tree.nodes.values()]
    .map((node) => ({
      id: node.id,
      kind: node.kind,
      parentId: node.parentId,
      name: node.name,
      childIds: node.childIds,
      email: node.email,
      status: node.status,
      joinedAt: node.joinedAt?.toISOString() ?? null,
      policyIds: [...node.policyIds].sort(),
      inherited: org.listInheritedPolicies(tree, node.id),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const policies = await db.orgPolicy.findMany({
    select: { id: true, name: true, description: true, awsManaged: true, content: true },
    orderBy: { id: "asc" },
  });
  return { rootId: tree.rootId, nodes, policies };
}

async function emptyTree(): Promise<void> {
  await db.orgNode.deleteMany({});
  await db.orgPolicy.deleteMany({});
  await db.orgSync.deleteMany({});
}

const served = () => aws.stats.snapshot().services.organizations?.operations ?? {};
const tagsInAws = (id: string) => ({ ...aws.state.world.tagsOf(id) });

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, pageSize: 20, shortPages: true, gateway: false, seed: generatedSeed() });
  database = await createTestDatabase("pglite");
  restoreEnv = applyAppEnvironment({
    DATABASE_URL: database.url,
    ...sandboxEnvironment({ awsUrl: aws.url, googleIssuer: "http://localhost:4000" }),
    AWS_CONCURRENCY: "8",
  });
  db = connectTestDatabase(database.url);
  vi.resetModules();
  org = {
    ...(await import("@/lib/org/sync")),
    ...(await import("@/lib/org/tree")),
    ...(await import("@/lib/org/tree-model")),
    ...(await import("@/lib/org/node-tags")),
  };
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
});

describe("organization sync, before and now, on a generated organization", () => {
  let before: Awaited<ReturnType<typeof shownTree>>;
  let beforeCalls = 0;

  it("before: reads SCPs per target and every node's tags", async () => {
    aws.stats.reset();
    const result = await org.syncOrganization({ trigger: "admin", strategy: "legacy" });
    expect(result).toMatchObject({ status: "succeeded", accountCount: 300, ouCount: 60, policyCount: 6, tagReads: 361, scpPlan: { mode: "per-target" } });
    expect(served().ListPoliciesForTarget?.requests).toBeGreaterThanOrEqual(361);
    expect(served().ListTargetsForPolicy).toBeUndefined();
    // The tags it read are kept where the node details panel reads them, each one as AWS has it.
    const stored = await db.orgNodeTags.findMany();
    expect(stored).toHaveLength(361);
    for (const row of stored.slice(0, 40)) expect(row.tags).toEqual(tagsInAws(row.nodeId));
    before = await shownTree();
    beforeCalls = result.status === "succeeded" ? result.apiCalls : 0;
    // The SCPs really are spread over the levels, and the unattached one is not shown.
    expect(before.nodes.find((node) => node.kind === "root")!.policyIds).toEqual(["p-FullAWSAccess", "p-denyleave1", "p-denyroot001"]);
    expect(before.nodes.filter((node) => node.kind === "ou" && node.policyIds.includes("p-denycost001")).length).toBeGreaterThan(2);
    expect(before.nodes.filter((node) => node.kind === "account" && node.policyIds.includes("p-denycost001")).length).toBeGreaterThan(20);
    expect(before.nodes.some((node) => node.inherited.some((inherited) => inherited.policyId === "p-denycost001"))).toBe(true);
    expect(before.policies.map((p) => p.id)).toEqual(["p-FullAWSAccess", "p-denycost001", "p-denyleave1", "p-denyroot001", "p-nosessioneu1", "p-regionlock1"]);
  });

  it("now, cold: reads SCPs per policy and shows exactly the same", async () => {
    await emptyTree();
    aws.stats.reset();
    const result = await org.syncOrganization({ trigger: "admin" });
    expect(result).toMatchObject({ status: "succeeded", accountCount: 300, ouCount: 60, policyCount: 6, tagReads: 0, scpPlan: { mode: "per-policy" } });
    expect(served().ListPoliciesForTarget).toBeUndefined();
    expect(served().ListTagsForResource).toBeUndefined();
    // One ListTargetsForPolicy listing per SCP (the unattached one answers empty), each paged.
    expect(served().ListTargetsForPolicy?.requests).toBeGreaterThanOrEqual(6 + Math.ceil(361 / 20));
    expect(await shownTree()).toEqual(before);
    expect(result.status === "succeeded" && result.apiCalls).toBeLessThan(beforeCalls);
  });

  it("now, the next sync: the same calls again, no tags, the same tree", async () => {
    aws.stats.reset();
    const result = await org.syncOrganization({ trigger: "schedule" });
    expect(result).toMatchObject({ status: "succeeded", tagReads: 0, scpPlan: { mode: "per-policy" } });
    expect(served().ListTagsForResource).toBeUndefined();
    expect(await shownTree()).toEqual(before);
  });

  it("a node's tags: read from AWS when first shown, kept for 15 minutes, read again after, the last copy when AWS fails", async () => {
    const nodeId = "900000000007";
    await db.orgNodeTags.deleteMany({});
    aws.stats.reset();
    const first = await org.readNodeTags(nodeId);
    expect(first).toMatchObject({ nodeId, tags: tagsInAws(nodeId), staleBecause: null });
    expect(Object.keys(first.tags).length).toBeGreaterThan(0);
    expect(served().ListTagsForResource?.requests).toBe(1);
    // Shown again (by anyone, on either instance): the stored copy, no AWS call.
    expect((await org.readNodeTags(nodeId)).tags).toEqual(first.tags);
    expect(served().ListTagsForResource?.requests).toBe(1);

    aws.state.world.accounts.get(nodeId)!.tags = { Environment: "retired" };
    const later = Date.now() + org.TAGS_MAX_AGE_MS + 1_000;
    expect(await org.readNodeTags(nodeId, later)).toMatchObject({ tags: { Environment: "retired" }, staleBecause: null });
    expect(served().ListTagsForResource?.requests).toBe(2);

    // AWS refuses: the last copy, with when it was read and why it is not newer.
    aws.faults.add({ kind: "access-denied", service: "organizations", operation: "ListTagsForResource" });
    try {
      const stale = await org.readNodeTags(nodeId, later + org.TAGS_MAX_AGE_MS);
      expect(stale.tags).toEqual({ Environment: "retired" });
      expect(stale.staleBecause).toMatch(/AWS refused reading the tags of 900000000007/);
      // Never read and AWS refuses: an error that says so (no empty "none" that would be a lie).
      await expect(org.readNodeTags("900000000008")).rejects.toMatchObject({ code: "aws-denied", message: expect.stringMatching(/AWS refused/) });
    } finally {
      aws.faults.clear();
    }
  });

  it("completes while AWS throttles past 2 requests in flight, with fewer calls in flight", async () => {
    const fault = aws.faults.add({ kind: "throttle", service: "organizations", maxInFlight: 2 });
    aws.faults.add({ kind: "latency", service: "organizations", latencyMs: 5 });
    try {
      await emptyTree();
      const result = await org.syncOrganization({ trigger: "admin" });
      if (result.status !== "succeeded") throw new Error(`the sync failed: ${JSON.stringify(result)}`);
      expect(result.throttled).toBeGreaterThan(0);
      // Halved from 8 down to what AWS takes, and it spent most of the sync there: throttled calls are a small share.
      expect(result.slots.minLimit).toBeLessThanOrEqual(2);
      expect(result.slots.decreases).toBeGreaterThan(0);
      expect(result.throttled).toBeLessThan(result.apiCalls / 4);
      expect(aws.faults.list().find((f) => f.id === fault.id)!.peakInFlight).toBeLessThanOrEqual(2);
      expect(await shownTree()).toEqual(before);
    } finally {
      aws.faults.clear();
    }
  });
});
