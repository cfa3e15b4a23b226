import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sandboxEnvironment } from "@/sandbox";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";

// The organization sync end to end: the real Organizations SDK client against the sandbox with one-item pages
// that are sometimes short or empty, into PostgreSQL and PGlite, with throttling, a concurrent sync and a
// persistent AccessDenied.

let aws: AwsSandbox;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, pageSize: 1, shortPages: true, gateway: false });
});
afterAll(() => aws?.close());

const organizationsRequests = () => aws.stats.snapshot().services.organizations?.total ?? 0;

describe.each(DATABASE_KINDS)("organization sync on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let org: {
    computeMsUntilDue: typeof import("@/lib/org/schedule").computeMsUntilDue;
    syncOrganization: typeof import("@/lib/org/sync").syncOrganization;
    getOrgTree: typeof import("@/lib/org/tree").getOrgTree;
    getAccountInfo: typeof import("@/lib/org/accounts").getAccountInfo;
    listAccounts: typeof import("@/lib/org/accounts").listAccounts;
    listInheritedPolicies: typeof import("@/lib/org/tree-model").listInheritedPolicies;
    readNodeTags: typeof import("@/lib/org/node-tags").readNodeTags;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment({
      DATABASE_URL: database.url,
      ...sandboxEnvironment({ awsUrl: aws.url, googleIssuer: "http://localhost:4000" }),
      AWS_CONCURRENCY: "8",
    });
    db = connectTestDatabase(database.url);
    vi.resetModules();
    org = {
      ...(await import("@/lib/org/schedule")),
      ...(await import("@/lib/org/sync")),
      ...(await import("@/lib/org/tree")),
      ...(await import("@/lib/org/accounts")),
      ...(await import("@/lib/org/tree-model")),
      ...(await import("@/lib/org/node-tags")),
    };
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });
  beforeEach(() => {
    aws.faults.clear();
    aws.stats.reset();
  });

  it("schedules a sync at once on a fresh database, and reads as an empty tree meanwhile", async () => {
    expect(await org.computeMsUntilDue(900_000)).toBe(0);
    const tree = await org.getOrgTree();
    expect({ syncId: tree.syncId, rootId: tree.rootId, accounts: tree.accountCount }).toEqual({ syncId: null, rootId: null, accounts: 0 });
    expect(await org.getAccountInfo("444444444444")).toBeNull();
  });

  it("stores the whole seed tree, with direct and inherited SCPs, counting every API call", async () => {
    const result = await org.syncOrganization({ trigger: "admin", triggeredBy: "ada@example.com" });
    expect(result).toMatchObject({ status: "succeeded", accountCount: 5, ouCount: 4, policyCount: 4 });
    if (result.status !== "succeeded") return;
    expect(result.apiCalls).toBe(organizationsRequests());

    const tree = await org.getOrgTree();
    expect(tree.syncId).toBe(result.syncId);
    expect(tree.lastSync).toMatchObject({ status: "succeeded", trigger: "admin", triggeredBy: "ada@example.com", accountCount: 5, ouCount: 4 });
    const names = (id: string) => tree.nodes.get(id)!.childIds.map((child) => tree.nodes.get(child)!.name);
    expect(names("r-gh00")).toEqual(["Admin", "Sandbox", "Service"]);
    expect(names("ou-gh00-service1")).toEqual(["API"]);
    expect(names("ou-gh00-api00001")).toEqual(["API Dev", "API Prod"]);
    expect(tree.nodes.get("r-gh00")!.policyIds.sort()).toEqual(["p-FullAWSAccess", "p-denyleave1"]);
    expect(tree.nodes.get("ou-gh00-sandbox1")!.policyIds).toContain("p-regionlock1");
    expect(tree.nodes.get("555555555555")).toMatchObject({
      email: "sandbox@example.com",
      status: "ACTIVE",
    });
    // Tags are not read by the sync: the node details panel reads them from AWS when it shows the node.
    expect(await db.orgNodeTags.count()).toBe(0);
    expect((await org.readNodeTags("555555555555")).tags).toEqual({ Environment: "sandbox", Owner: "engineering" });
    expect((await org.readNodeTags("ou-gh00-api00001")).tags).toEqual({ Team: "api" });

    const inherited = org.listInheritedPolicies(tree, "555555555555");
    expect(inherited).toContainEqual({ policyId: "p-regionlock1", fromIds: ["ou-gh00-sandbox1"] });
    expect(inherited).toContainEqual({ policyId: "p-denyleave1", fromIds: ["r-gh00"] });
    expect(tree.policies.get("p-regionlock1")).toMatchObject({ name: "RegionRestriction", awsManaged: false });
    const stored = await db.orgPolicy.findUniqueOrThrow({ where: { id: "p-regionlock1" } });
    expect(JSON.parse(stored.content).Statement[0].Effect).toBe("Deny");

    expect(await org.getAccountInfo("444444444444")).toEqual({
      id: "444444444444",
      name: "API Dev",
      email: "api-dev@example.com",
      status: "ACTIVE",
      ouPath: ["ou-gh00-service1", "ou-gh00-api00001"],
    });
    expect(await org.getAccountInfo("999999999999")).toBeNull();
    expect((await org.listAccounts()).map((account) => account.name)).toEqual(["API Dev", "API Prod", "Audit", "Custodian", "Developer Sandbox"]);
  });

  it("completes despite throttling beyond what the SDK's own retries absorb", async () => {
    // The first call (ListRoots) is alone in flight, so it meets all 12 throttled answers in a row: three times the
    // SDK's own attempts (AWS_MAX_ATTEMPTS=4), so Gatehouse's backoff has to take over.
    aws.faults.add({ kind: "throttle", service: "organizations", count: 12 });
    const result = await org.syncOrganization({ trigger: "schedule" });
    expect(result).toMatchObject({ status: "succeeded", accountCount: 5, ouCount: 4, throttled: 12 });
    expect(aws.stats.snapshot().services.organizations!.total).toBe(result.status === "succeeded" ? result.apiCalls : -1);
    const tree = await org.getOrgTree();
    expect(tree.syncId).toBe(result.status === "succeeded" ? result.syncId : undefined);
    expect(tree.accountCount).toBe(5);
  });

  it("runs one of two concurrent syncs; the other reports that a sync is already running", async () => {
    const results = await Promise.all([org.syncOrganization({ trigger: "admin" }), org.syncOrganization({ trigger: "schedule" })]);
    expect(results.map((result) => result.status).sort()).toEqual(["already-running", "succeeded"]);
    expect(await db.orgSync.count({ where: { status: "running" } })).toBe(0);
  });

  it("treats a fresh running sync of another instance as running, and a stale one as abandoned", async () => {
    const other = await db.orgSync.create({ data: { trigger: "schedule", status: "running" } });
    expect(await org.syncOrganization({ trigger: "schedule" })).toEqual({ status: "already-running", runningSyncId: other.id });
    // An instance that died mid-sync: its lease is older than any sync may run.
    await db.orgSync.update({ where: { id: other.id }, data: { startedAt: new Date(Date.now() - 31 * 60_000) } });
    expect((await org.syncOrganization({ trigger: "schedule" })).status).toBe("succeeded");
    expect(await db.orgSync.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ status: "failed", error: expect.stringMatching(/^Abandoned/) });
    expect(await org.computeMsUntilDue(900_000)).toBeGreaterThan(890_000);
  });

  it("records a failed sync with AWS's reason on persistent AccessDenied and keeps the previous tree", async () => {
    const before = await org.getOrgTree();
    aws.faults.add({ kind: "access-denied", service: "organizations" });
    const result = await org.syncOrganization({ trigger: "admin" });
    expect(result.status).toBe("failed");
    const row = await db.orgSync.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(row.status).toBe("failed");
    expect(row.finishedAt).not.toBeNull();
    expect(row.error).toMatch(/^AWS refused listing the organization's roots \(ListRoots\) as Gatehouse's broker credentials: /);
    const after = await org.getOrgTree();
    expect(after.syncId).toBe(before.syncId);
    expect(after.accountCount).toBe(5);
    expect(after.lastSync).toMatchObject({ status: "failed" });
    // After a failure the schedule tries again within five minutes rather than a whole interval.
    const wait = await org.computeMsUntilDue(900_000);
    expect(wait).toBeGreaterThan(290_000);
    expect(wait).toBeLessThanOrEqual(300_000);
  });
});

describe.each(DATABASE_KINDS)("organization sync through ORG_READER_ROLE_ARN on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;

  async function loadSync(roleArn: string) {
    restoreEnv?.();
    restoreEnv = applyAppEnvironment({
      DATABASE_URL: database.url,
      ...sandboxEnvironment({ awsUrl: aws.url, googleIssuer: "http://localhost:4000" }),
      ORG_READER_ROLE_ARN: roleArn,
    });
    vi.resetModules(); // lib/config caches the environment
    return (await import("@/lib/org/sync")).syncOrganization;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = connectTestDatabase(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });
  beforeEach(() => {
    aws.faults.clear();
    aws.stats.reset();
  });

  it("assumes the reader role once and reads the organization with its credentials", async () => {
    const syncOrganization = await loadSync("arn:aws:iam::111111111111:role/CustodianAdmin");
    expect(await syncOrganization({ trigger: "admin" })).toMatchObject({ status: "succeeded", accountCount: 5 });
    expect(aws.stats.snapshot().services.sts?.operations.AssumeRole?.requests).toBe(1);
  });

  it("fails with a message naming the role and the broker when the role does not trust the broker", async () => {
    const syncOrganization = await loadSync("arn:aws:iam::111111111111:role/Admin");
    const result = await syncOrganization({ trigger: "admin" });
    expect(result.status).toBe("failed");
    const error = result.status === "failed" ? result.error : "";
    expect(error).toContain("arn:aws:iam::111111111111:role/Admin");
    expect(error).toMatch(/not authorized to perform: sts:AssumeRole/);
    expect(aws.stats.snapshot().services.organizations).toBeUndefined();
  });
});
