import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import type { Explanation } from "@/lib/access-explain/explain-api";
import type { RouteHandler } from "@/lib/http/route";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { call, getRequest } from "../support/routes";
import { ADA, consoleEnvironment, DANA, NORA } from "./console-fixtures";

// "Why, and why not" through the real route, the real AWS SDK and the sandbox over HTTP: SimulatePrincipalPolicy
// answers for the target role, and an SCP deny (AllowedByOrganizations = false) is traced to the SCP that denies.
// The demo seed's NoSessionsInEuWest1 SCP (on the API OU) refuses the eu-west-1 Develop instance Dana's profile allows.

const WEST_DEV = { kind: "shell", accountId: "444444444444", instanceId: "i-0b000000000000002", region: "eu-west-1" };
const EAST_DEV = { kind: "shell", accountId: "444444444444", instanceId: "i-0b000000000000001", region: "us-east-1" };
const demoText = readFileSync("config/demo/access-profiles.yaml", "utf8");

let aws: AwsSandbox;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let explain: RouteHandler;
let dir: string;
let store: typeof import("@/lib/access/policy-store");
const ada = testActor(ADA);
const dana = testActor(DANA);

const ask = (who: ReturnType<typeof testActor>, query: Record<string, string>) => call<Explanation>(explain, who, getRequest("/api/access/explain", query));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-explain-"));
  aws = await startAwsSandbox({ port: 0, gateway: false });
  database = await createTestDatabase("postgresql");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { ORG_SYNC_INTERVAL_SECONDS: "0", AWS_MAX_ATTEMPTS: "1" }));
  db = connectTestDatabase(database.url);
  const { syncOrganization } = await import("@/lib/org/sync");
  expect((await syncOrganization({ trigger: "startup" })).status).toBe("succeeded");
  store = await import("@/lib/access/policy-store");
  await store.publishAccessPolicyFile("config/demo/access-profiles.yaml");
  explain = (await import("@/app/api/access/explain/route")).GET;
});
afterAll(async () => {
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => aws.faults.clear());

describe("why, and why not", () => {
  it("names the SCP that refuses what Gatehouse allows", async () => {
    const answer = await ask(dana, WEST_DEV);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const body = answer.body;
    expect(body.gatehouse).toMatchObject({
      allowed: true,
      profileId: "developer",
      roleName: "Developer",
      reason: expect.stringContaining("asks for a reason first"),
    });
    expect(body.aws!.hops).toEqual([
      { from: "Gatehouse's broker", to: "arn:aws:iam::111111111111:role/CustodianDeveloper", ok: true },
      { from: "arn:aws:iam::111111111111:role/CustodianDeveloper", to: "arn:aws:iam::444444444444:role/Developer", ok: true },
    ]);
    const instance = body.aws!.actions.find((action) => action.resource.endsWith("instance/i-0b000000000000002"))!;
    expect(instance).toMatchObject({ action: "ssm:StartSession", decision: "explicitDeny", allowedByOrganizations: false });
    expect(instance.scps).toEqual([
      { policyId: "p-nosessioneu1", policyName: "NoSessionsInEuWest1", attachedTo: "API", statement: "DenySessionsInEuWest1", kind: "deny", certain: true },
    ]);
    expect(body.summary).toContain("an SCP refuses ssm:StartSession");
    expect(body.summary).toContain("NoSessionsInEuWest1 (attached to API, statement DenySessionsInEuWest1)");
    // The same request in us-east-1: no SCP on the path denies it, the role's policies allow it.
    const east = await ask(dana, EAST_DEV);
    expect(east.body.aws!.actions.map((action) => [action.decision, action.allowedByOrganizations])).toEqual([
      ["allowed", true],
      ["allowed", true],
    ]);
    expect(east.body.aws!.actions[0]!.matchedPolicies).toEqual(["DeveloperAccess"]);
    expect(east.body.summary).toContain("and so does AWS");
  });

  it("explains a port forward: the forwarding document and the instance, the SCP in eu-west-1", async () => {
    const east = await ask(dana, { ...EAST_DEV, kind: "forward", port: "5432" });
    expect(east.body.gatehouse).toMatchObject({ allowed: true, profileId: "developer" });
    expect(east.body.aws!.actions.map((action) => [action.resource, action.decision])).toEqual([
      ["arn:aws:ec2:us-east-1:444444444444:instance/i-0b000000000000001", "allowed"],
      ["arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession", "allowed"],
    ]);
    const west = await ask(dana, { ...WEST_DEV, kind: "forward", port: "5432", host: "localhost" });
    expect(west.body.aws!.actions.map((action) => action.resource)).toContain("arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSessionToRemoteHost");
    expect(west.body.summary).toContain("NoSessionsInEuWest1");
    // A port the profile does not forward to is Gatehouse's refusal, with the ports it does allow.
    const other = await ask(dana, { ...EAST_DEV, kind: "forward", port: "22" });
    expect(other.body.gatehouse.allowed).toBe(false);
    expect(other.body.gatehouse.reason).toContain("5432");
  });

  it("shows Gatehouse's own refusal and does not ask AWS", async () => {
    const before = aws.stats.snapshot().services.iam?.total ?? 0;
    const answer = await ask(dana, { kind: "shell", accountId: "333333333333", instanceId: "i-0a000000000000001", region: "us-east-1" });
    expect(answer.status).toBe(200);
    expect(answer.body.gatehouse.allowed).toBe(false);
    expect(answer.body.aws).toBeNull();
    expect(answer.body.summary).toMatch(/^Gatehouse refuses: /);
    expect(aws.stats.snapshot().services.iam?.total ?? 0).toBe(before);
  });

  it("tells a role's own policy from an SCP, and names a broken hop of the chain", async () => {
    // A test profile: shells on the untagged lab server (the Developer role wants Name=Develop), and the console as
    // Admin through CustodianDeveloper (Admin trusts only CustodianAdmin).
    const file = path.join(dir, "profiles.yaml");
    writeFileSync(
      file,
      demoText
        .replace(
          `    instances:\n      - accounts: ["444444444444", "555555555555"]`,
          `    instances:\n      - { accounts: ["555555555555"], regions: all, tags: { Location: [office-lab] }, role: Developer }\n      - accounts: ["444444444444", "555555555555"]`,
        )
        .replace(`roles: [Developer] }`, `roles: [Developer, Admin] }`),
    );
    await store.publishAccessPolicyFile(file);
    try {
      const lab = await ask(dana, { kind: "shell", accountId: "555555555555", instanceId: "mi-0c000000000000002", region: "us-east-1" });
      expect(lab.body.gatehouse.allowed).toBe(true);
      const node = lab.body.aws!.actions.find((action) => action.resource.includes("managed-instance/"))!;
      expect(node).toMatchObject({ decision: "implicitDeny", allowedByOrganizations: true, scps: [] });
      expect(lab.body.summary).toContain("the role's own IAM policies do not allow ssm:StartSession");

      const admin = await ask(dana, { kind: "console", accountId: "444444444444", roleName: "Admin" });
      expect(admin.body.gatehouse.allowed).toBe(true);
      expect(admin.body.aws!.hops.map((hop) => hop.ok)).toEqual([true, false]);
      expect(admin.body.aws!.hops[1]!.message).toContain("arn:aws:iam::444444444444:role/Admin");
      expect(admin.body.summary).toContain("AWS refuses the role chain");
    } finally {
      await store.publishAccessPolicyFile("config/demo/access-profiles.yaml");
    }
  });

  it("says when AWS cannot be asked, with Retry", async () => {
    aws.faults.add({ kind: "throttle", service: "iam", operation: "SimulatePrincipalPolicy" });
    const answer = await ask(dana, EAST_DEV);
    expect(answer.status).toBe(200);
    expect(answer.body.aws!.problem).toMatchObject({ retryable: true, message: expect.stringContaining("throttling") });
    expect(answer.body.summary).toContain("could not be checked");
  });

  it("lets an administrator ask for anyone, audited; others only for themselves", async () => {
    const answer = await ask(ada, { ...WEST_DEV, person: DANA.email });
    expect(answer.status).toBe(200);
    expect(answer.body.person).toBe(DANA.email);
    expect(answer.body.summary).toContain("NoSessionsInEuWest1");
    const record = await db.auditEvent.findFirstOrThrow({ where: { action: "access.explain", actorEmail: ADA.email }, orderBy: { at: "desc" } });
    expect(record).toMatchObject({ outcome: "allowed", accountId: "444444444444", instanceId: "i-0b000000000000002" });
    expect(record.detail).toContain("for dana@example.com");

    expect((await ask(dana, { ...WEST_DEV, person: ADA.email })).status).toBe(403);
    expect((await ask(testActor(NORA), { ...WEST_DEV, person: DANA.email })).status).toBe(403);
    expect((await ask(ada, { ...WEST_DEV, person: "nobody@example.com" })).status).toBe(404);
  });

  it("refuses incomplete or malformed requests with the field", async () => {
    const noRegion = await ask(dana, { kind: "shell", accountId: "444444444444", instanceId: "i-0b000000000000001" });
    expect(noRegion.status).toBe(400);
    expect(JSON.stringify(noRegion.body)).toContain("region");
    expect((await ask(dana, { kind: "console", accountId: "44", roleName: "Admin" })).status).toBe(400);
    expect((await ask(dana, { kind: "rm -rf", accountId: "444444444444" })).status).toBe(400);
  });
});
