import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_BROKER, startAwsSandbox, type AwsSandbox, type StatsSnapshot } from "@/sandbox/aws";

// Faults on demand: each service's real throttling error (which the SDK's retry strategy must recognise),
// injected AccessDenied / ExpiredToken, dropped connections per region, added latency; plus request stats.

let sandbox: AwsSandbox;
const broker = { accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey };
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let admin444: Creds;

async function admin(path: string, method = "GET", body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  sandbox = await startAwsSandbox({ gateway: false });
  const sts = new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 1 });
  const c1 = (await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/CustodianAdmin", RoleSessionName: "ada" }))).Credentials!;
  const custodian = { accessKeyId: c1.AccessKeyId!, secretAccessKey: c1.SecretAccessKey!, sessionToken: c1.SessionToken! };
  const sts2 = new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: custodian, maxAttempts: 1 });
  const c2 = (await sts2.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444444444444:role/Admin", RoleSessionName: "ada" }))).Credentials!;
  admin444 = { accessKeyId: c2.AccessKeyId!, secretAccessKey: c2.SecretAccessKey!, sessionToken: c2.SessionToken! };
});
afterEach(async () => {
  await admin("faults", "DELETE");
});
afterAll(async () => {
  await sandbox?.close();
});

describe("throttling", () => {
  it("is retried by the SDK and succeeds once the throttling stops", async () => {
    await admin("stats", "DELETE");
    expect((await admin("faults", "POST", { kind: "throttle", service: "organizations", operation: "ListRoots", count: 2 })).status).toBe(201);
    const orgs = new OrganizationsClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 3 });
    const out = await orgs.send(new ListRootsCommand({}));
    expect(out.Roots?.[0]?.Id).toBe("r-gh00");
    expect(out.$metadata.attempts).toBe(3);
    expect(out.$metadata.totalRetryDelay).toBeGreaterThan(0);
    const stats = (await (await admin("stats")).json()) as StatsSnapshot;
    expect(stats.services.organizations?.operations.ListRoots).toMatchObject({ requests: 3, errors: 2 });
  });

  it("surfaces TooManyRequestsException with AWS's message when it persists", async () => {
    await admin("faults", "POST", { kind: "throttle", service: "organizations" });
    const orgs = new OrganizationsClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 2 });
    const error = await rejection(orgs.send(new ListRootsCommand({})));
    expect(error.name).toBe("TooManyRequestsException");
    expect(error.message).toMatch(/^You have sent too many requests in too short a period of time/);
    expect(error.$metadata?.httpStatusCode).toBe(429);
    expect(error.$metadata?.attempts).toBe(2);
  });

  it("uses each service's own throttling error, all retried by the SDK", async () => {
    const cases: [string, () => Promise<{ $metadata: { attempts?: number } }>][] = [
      ["sts", () => new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 2 }).send(new GetCallerIdentityCommand({}))],
      [
        "ec2",
        () => new EC2Client({ endpoint: sandbox.url, region: "us-east-1", credentials: admin444, maxAttempts: 2 }).send(new DescribeInstancesCommand({})),
      ],
      [
        "ssm",
        () =>
          new SSMClient({ endpoint: sandbox.url, region: "us-east-1", credentials: admin444, maxAttempts: 2 }).send(new DescribeInstanceInformationCommand({})),
      ],
    ];
    for (const [service, call] of cases) {
      await admin("faults", "POST", { kind: "throttle", service, count: 1 });
      expect((await call()).$metadata.attempts, service).toBe(2);
    }
    const names: string[] = [];
    for (const [service, call] of cases) {
      await admin("faults", "POST", { kind: "throttle", service, count: 5 });
      names.push((await rejection(call())).name);
    }
    expect(names).toEqual(["Throttling", "RequestLimitExceeded", "ThrottlingException"]);
  });
});

describe("other faults", () => {
  it("injects AccessDenied and ExpiredToken in the service's own shape", async () => {
    await admin("faults", "POST", { kind: "access-denied", service: "sts", operation: "GetCallerIdentity", count: 1 });
    const sts = new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 1 });
    expect((await rejection(sts.send(new GetCallerIdentityCommand({})))).name).toBe("AccessDenied");
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty("Account", "111111111111");
    await admin("faults", "POST", { kind: "expired-token", service: "ssm" });
    const ssm = new SSMClient({ endpoint: sandbox.url, region: "us-east-1", credentials: admin444, maxAttempts: 1 });
    expect((await rejection(ssm.send(new DescribeInstanceInformationCommand({})))).name).toBe("ExpiredTokenException");
  });

  it("drops connections for one region only", async () => {
    await admin("faults", "POST", { kind: "unreachable", service: "ec2", region: "eu-west-1" });
    const west = new EC2Client({ endpoint: sandbox.url, region: "eu-west-1", credentials: admin444, maxAttempts: 1 });
    const error = await rejection(west.send(new DescribeInstancesCommand({})));
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
    const east = new EC2Client({ endpoint: sandbox.url, region: "us-east-1", credentials: admin444, maxAttempts: 1 });
    await expect(east.send(new DescribeInstancesCommand({}))).resolves.toHaveProperty("Reservations");
  });

  it("adds latency to matching requests", async () => {
    await admin("faults", "POST", { kind: "latency", service: "sts", latencyMs: 300, count: 1 });
    const sts = new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 1 });
    const started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const again = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - again).toBeLessThan(250);
  });

  it("faults the federation endpoint too", async () => {
    await admin("faults", "POST", { kind: "throttle", service: "federation", operation: "getSigninToken" });
    const response = await fetch(`${sandbox.url}/federation?Action=getSigninToken&Session=%7B%7D`);
    expect(response.status).toBe(429);
  });
});

describe("control API", () => {
  it("lists, counts down and clears faults, and rejects malformed ones", async () => {
    await admin("faults", "POST", { kind: "throttle", service: "sts", count: 1 });
    await admin("faults", "POST", { kind: "latency", latencyMs: 1 });
    const listed = (await (await admin("faults")).json()) as { faults: { kind: string; hits: number }[] };
    expect(listed.faults.map((f) => f.kind)).toEqual(["throttle", "latency"]);
    await rejection(new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 1 }).send(new GetCallerIdentityCommand({})));
    const after = (await (await admin("faults")).json()) as { faults: { kind: string; hits: number }[] };
    expect(after.faults).toEqual([expect.objectContaining({ kind: "latency", hits: 1 })]);
    expect(((await (await admin("faults", "DELETE")).json()) as { cleared: number }).cleared).toBe(1);
    expect((await admin("faults", "POST", { kind: "explode" })).status).toBe(400);
    expect((await admin("faults", "POST", { kind: "latency" })).status).toBe(400);
  });

  it("counts requests per service and operation, and resets", async () => {
    await admin("stats", "DELETE");
    const sts = new STSClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 1 });
    await sts.send(new GetCallerIdentityCommand({}));
    await sts.send(new GetCallerIdentityCommand({}));
    await fetch(`${sandbox.url}/switchrole?account=444444444444&roleName=Developer`);
    const stats = (await (await admin("stats")).json()) as StatsSnapshot;
    expect(stats.total).toBe(3);
    expect(stats.services.sts).toEqual({ total: 2, operations: { GetCallerIdentity: { requests: 2, errors: 0, servedMs: expect.any(Number) } } });
    // The time spent answering is measured (benchmarks compare a client's wall time with it).
    expect(stats.services.sts!.operations.GetCallerIdentity!.servedMs).toBeGreaterThan(0);
    expect(stats.services.federation?.operations.switchrole?.requests).toBe(1);
    expect(((await (await admin("stats", "DELETE")).json()) as StatsSnapshot).total).toBe(0);
  });

  it("reports health", async () => {
    const health = (await (await admin("health")).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: "ok", organizationId: "o-gh00example", accounts: 5, organizationalUnits: 4, regions: ["us-east-1", "eu-west-1"] });
    expect((await admin("nope")).status).toBe(404);
  });
});
