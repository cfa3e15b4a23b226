import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { ADA, consoleEnvironment, countCalls, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// The instance listing end to end: the real SSM and EC2 SDK clients with each user's own role chain against the
// sandbox (two-item pages, some short), on PostgreSQL and PGlite; filtered by the demo access profiles, with
// partial results when a region is unreachable.

let aws: AwsSandbox;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, pageSize: 2, shortPages: true, gateway: false });
});
afterAll(() => aws?.close());

const as = (person: typeof DANA) => testActor({ ...person, ...META });
const ids = (listing: { instances: { instanceId: string }[] }) => listing.instances.map((row) => row.instanceId).sort();

describe.each(DATABASE_KINDS)("instance listing on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let listPermittedInstances: typeof import("@/lib/instances/list-instances").listPermittedInstances;
  let clearListingCache: typeof import("@/lib/instances/listing-cache").clearListingCache;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1", AWS_CONCURRENCY: "4" }));
    db = connectTestDatabase(database.url);
    vi.resetModules();
    ({ listPermittedInstances } = await import("@/lib/instances/list-instances"));
    ({ clearListingCache } = await import("@/lib/instances/listing-cache"));
    await storeOrganization(db, aws.state.seed);
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });
  beforeEach(() => {
    aws.faults.clear();
    clearListingCache();
  });

  it("shows Dana only Name=Develop instances in API Dev and the sandbox, across both regions", async () => {
    const listing = await listPermittedInstances({ actor: as(DANA) });
    expect(listing.problems).toEqual([]);
    expect(ids(listing)).toEqual(["i-0b000000000000001", "i-0b000000000000002", "i-0c000000000000001", "i-0c000000000000003"]);
    expect(listing.instances.every((row) => row.name === "Develop" && row.roleName === "Developer" && row.requireReason)).toBe(true);
    expect(listing.accounts.map((a) => a.id)).toEqual(["444444444444", "555555555555"]);
    expect(listing.regions).toEqual(["us-east-1", "eu-west-1"]);
    const west = listing.instances.find((row) => row.instanceId === "i-0b000000000000002")!;
    expect(west).toMatchObject({
      accountName: "API Dev",
      region: "eu-west-1",
      pingStatus: "Online",
      platform: "Ubuntu 24.04",
      ipAddress: "10.41.1.22",
      agentVersion: expect.any(String),
    });
    const lost = listing.instances.find((row) => row.instanceId === "i-0c000000000000003")!;
    expect(lost.pingStatus).toBe("ConnectionLost");
  });

  it("shows Ada every instance, the untagged hybrid node with its tags from ListTagsForResource and no name", async () => {
    const listing = await listPermittedInstances({ actor: as(ADA) });
    expect(listing.problems).toEqual([]);
    expect(ids(listing)).toEqual([
      "i-0a000000000000001",
      "i-0b000000000000001",
      "i-0b000000000000002",
      "i-0c000000000000001",
      "i-0c000000000000003",
      "mi-0c000000000000002",
    ]);
    const hybrid = listing.instances.find((row) => row.instanceId === "mi-0c000000000000002")!;
    expect(hybrid).toMatchObject({
      name: null,
      resourceType: "ManagedInstance",
      tags: { Environment: "sandbox", Location: "office-lab" },
      roleName: "Admin",
      requireReason: false,
    });
    expect(listing.instances.find((row) => row.instanceId === "i-0a000000000000001")).toMatchObject({ name: "Production", accountName: "API Prod" });
    expect(countCalls(aws, "ssm", "ListTagsForResource")).toBeGreaterThan(0);
  });

  it("gives someone without a profile an empty listing without calling AWS", async () => {
    const before = countCalls(aws, "ssm", "DescribeInstanceInformation");
    expect(await listPermittedInstances({ actor: as(NORA) })).toMatchObject({ instances: [], problems: [], accounts: [] });
    expect(countCalls(aws, "ssm", "DescribeInstanceInformation")).toBe(before);
  });

  it("answers a repeat within the cache time without AWS calls, and asks again on refresh", async () => {
    await listPermittedInstances({ actor: as(DANA) });
    const before = countCalls(aws, "ssm", "DescribeInstanceInformation");
    await listPermittedInstances({ actor: as(DANA) });
    expect(countCalls(aws, "ssm", "DescribeInstanceInformation")).toBe(before);
    await listPermittedInstances({ actor: as(DANA), refresh: { accountId: "444444444444", region: "eu-west-1" } });
    expect(countCalls(aws, "ssm", "DescribeInstanceInformation")).toBeGreaterThan(before);
  });

  it("returns the reachable regions and one retryable problem per unreachable account/region, then recovers on retry", async () => {
    aws.faults.add({ kind: "unreachable", region: "eu-west-1" });
    const partial = await listPermittedInstances({ actor: as(DANA) });
    expect(ids(partial)).toEqual(["i-0b000000000000001", "i-0c000000000000001", "i-0c000000000000003"]);
    expect(partial.problems.map((p) => `${p.accountId}/${p.region}`)).toEqual(["444444444444/eu-west-1", "555555555555/eu-west-1"]);
    expect(partial.problems[0]).toMatchObject({ accountName: "API Dev", retryable: true });
    expect(partial.problems[0]!.message).toMatch(/could not be reached while listing instances in account 444444444444 \(API Dev\), eu-west-1/);

    aws.faults.clear();
    const recovered = await listPermittedInstances({ actor: as(DANA), refresh: { accountId: "444444444444", region: "eu-west-1" } });
    expect(recovered.problems).toEqual([]);
    expect(ids(recovered)).toContain("i-0b000000000000002");
  });

  it("reports a region where AWS refuses the listing as not retryable, with AWS's words, and lists the rest", async () => {
    aws.faults.add({ kind: "access-denied", service: "ssm", operation: "DescribeInstanceInformation", region: "eu-west-1" });
    const listing = await listPermittedInstances({ actor: as(DANA), refresh: "all" });
    expect(listing.problems.map((p) => [p.accountId, p.region, p.retryable, p.code])).toEqual([
      ["444444444444", "eu-west-1", false, "AccessDeniedException"],
      ["555555555555", "eu-west-1", false, "AccessDeniedException"],
    ]);
    expect(listing.problems[0]!.message).toMatch(/^AWS refused listing instances in account 444444444444 \(API Dev\), eu-west-1: /);
    expect(ids(listing)).toEqual(["i-0b000000000000001", "i-0c000000000000001", "i-0c000000000000003"]);
  });
});
