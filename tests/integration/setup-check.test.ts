import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed, startAwsSandbox, type AwsSandbox, type Seed } from "@/sandbox/aws";
import type { SetupReport } from "@/lib/setup-check/report";
import { testActor } from "../support/actor";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { call, jsonRequest } from "../support/routes";
import { ADA, consoleEnvironment, countCalls, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// The setup check end to end below Next: POST /api/admin/setup-check's real handler, the real STS client against the
// sandbox (which enforces trust policies incl. sts:TagSession and sts:SetSourceIdentity), audit records in PGlite.
// A seed whose Developer role trusts the Custodian role without sts:TagSession must show exactly the Developer hops
// broken, with a fix statement; the seed with that statement added must pass.

type Route = typeof import("@/app/api/admin/setup-check/route");

const CUSTODIAN_DEVELOPER = "arn:aws:iam::111111111111:role/CustodianDeveloper";
const brokenSeed = (): Seed => {
  const seed = loadSeed();
  const developer = seed.iam.roles.find((role) => role.name === "Developer")!;
  developer.trustPolicy = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: CUSTODIAN_DEVELOPER }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }],
  };
  return seed;
};

let aws: AwsSandbox;
let port: number;
let restoreEnv: () => void;
let route: Route;
let database: TestDatabase;
let db: ReturnType<typeof connectTestDatabase>;
let resetRoleChainCache: () => void;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false, seed: brokenSeed() });
  port = Number(new URL(aws.url).port);
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, "postgresql://set-below@127.0.0.1:1/x"));
  database = await createTestDatabase("pglite");
  db = connectTestDatabase(database.url);
  await storeOrganization(db, aws.state.seed);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  route = await import("@/app/api/admin/setup-check/route");
  ({ resetRoleChainCache } = await import("@/lib/aws/role-chain"));
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
  await db?.$disconnect();
  await database?.drop();
});

const runAs = (person: { sub: string; email: string; groups: string[] }) =>
  call<SetupReport & { error?: string }>(route.POST, testActor({ ...person, ...META }), jsonRequest("/api/admin/setup-check", {}));

describe("the setup check", () => {
  let report: SetupReport;

  it("refuses people who are not administrators, before any AWS call or audit record", async () => {
    aws.stats.reset();
    for (const person of [DANA, NORA]) {
      const answer = await runAs(person);
      expect(answer.status).toBe(403);
      expect(answer.body.error).toBe("not-admin");
    }
    expect(aws.stats.snapshot().services.sts).toBeUndefined();
    expect(await db.auditEvent.count({ where: { action: "setup.check", outcome: { not: "denied" } } })).toBe(0);
  });

  it("finds the Developer role missing sts:TagSession in both accounts, and only that", async () => {
    aws.stats.reset();
    const answer = await runAs(ADA);
    expect(answer.status).toBe(200);
    report = answer.body;
    expect(report.ok).toBe(false);
    const admin = report.profiles.find((p) => p.profileId === "admin")!;
    expect(admin.custodian.ok).toBe(true);
    expect(admin.roles.map((r) => [r.roleName, r.okAccounts, r.broken.length])).toEqual([
      ["Admin", 5, 0],
      ["ReadOnly", 5, 0],
    ]);
    const developer = report.profiles.find((p) => p.profileId === "developer")!;
    expect(developer.custodian.ok).toBe(true);
    expect(developer.roles.find((r) => r.roleName === "ReadOnly")).toMatchObject({ okAccounts: 3, broken: [] });
    const broken = developer.roles.find((r) => r.roleName === "Developer")!;
    expect(broken.okAccounts).toBe(0);
    expect(broken.broken.map((hop) => hop.accountId)).toEqual(["444444444444", "555555555555"]);
    expect(broken.broken[0]).toMatchObject({
      roleArn: "arn:aws:iam::444444444444:role/Developer",
      principal: CUSTODIAN_DEVELOPER,
      code: "AccessDenied",
      fix: { Effect: "Allow", Principal: { AWS: CUSTODIAN_DEVELOPER }, Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] },
    });
    expect(broken.broken[0]!.message).toMatch(/TagSession|not authorized/);
    expect(report).toMatchObject({ hopsBroken: 2, hopsTried: 2 + 10 + 3 + 2, truncated: false });
  });

  it("made one AssumeRole per hop, and audited the check in the administrator's name before and after", async () => {
    const records = await db.auditEvent.findMany({ where: { action: "setup.check" }, orderBy: { at: "asc" } });
    expect(records.map((r) => [r.outcome, r.actorEmail])).toEqual([
      ["allowed", ADA.email],
      ["error", ADA.email],
    ]);
    expect(records[1]!.detail).toBe("broken: 2 of 17 hops");
    // One AssumeRole per hop, none cached or repeated.
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(17);
  });

  it("reports a throttled hop as not a trust problem: no fix statement, try again", async () => {
    aws.faults.add({ kind: "throttle", service: "sts", operation: "AssumeRole" });
    const answer = await runAs(ADA);
    aws.faults.clear();
    expect(answer.status).toBe(200);
    const custodian = answer.body.profiles.find((p) => p.profileId === "admin")!.custodian;
    expect(custodian).toMatchObject({ ok: false, broken: { code: "Throttling" } });
    expect(custodian.broken!.message).toMatch(/throttling.*try again/i);
    expect(custodian.broken!.fix).toBeUndefined();
  });

  it("passes once the fix statement it printed is added to the Developer trust policy", async () => {
    const fix = report.profiles.find((p) => p.profileId === "developer")!.roles.find((r) => r.roleName === "Developer")!.broken[0]!.fix!;
    const seed = brokenSeed();
    (seed.iam.roles.find((role) => role.name === "Developer")!.trustPolicy.Statement as unknown[]).push(fix);
    await aws.close();
    aws = await startAwsSandbox({ port, gateway: false, seed });
    resetRoleChainCache();
    const answer = await runAs(ADA);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, hopsBroken: 0, hopsTried: 17 });
  });
});
