import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed, startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import type { SetupReport } from "@/lib/setup-check/report";
import { testActor } from "../support/actor";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { call, getRequest, jsonRequest } from "../support/routes";
import { seedFromTemplates } from "../support/template-seed";
import { ADA, consoleEnvironment, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// The generated templates are a working setup: downloaded from the real routes for the demo profiles, their roles
// loaded into a sandbox (Custodian stack in the identity account, StackSet roles in the accounts under the target
// OUs, the management stack in the management account) replacing the seed's hand-written roles; then the real role
// chain opens roles for Dana and the setup check is all green.

type Browser = typeof import("@/app/api/admin/iam-template/route");
type Cli = typeof import("@/app/api/v1/admin/iam-template/route");

let aws: AwsSandbox;
let restoreEnv: () => void;
let database: TestDatabase;
let db: ReturnType<typeof connectTestDatabase>;
let browser: Browser;
let cli: Cli;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, "postgresql://set-below@127.0.0.1:1/x"));
  database = await createTestDatabase("pglite");
  db = connectTestDatabase(database.url);
  await storeOrganization(db, aws.state.seed);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  browser = await import("@/app/api/admin/iam-template/route");
  cli = await import("@/app/api/v1/admin/iam-template/route");
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
  await db?.$disconnect();
  await database?.drop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON as parsed; the tests check it by value
type Loose = any;
type Person = { sub: string; email: string; groups: string[] };
const download = (kind: string, person: Person = ADA, way: "browser" | "cli" = "browser") =>
  way === "browser"
    ? call<Loose>(browser.GET, testActor({ ...person, ...META }), getRequest("/api/admin/iam-template", { kind }))
    : call<Loose>(cli.GET, testActor({ ...person, ...META, via: "cli-token" }), getRequest("/api/v1/admin/iam-template", { kind }));

describe("the template downloads", () => {
  it("answer 403 to people who are not administrators, on both routes", async () => {
    for (const person of [DANA, NORA]) {
      expect((await download("custodian", person)).status).toBe(403);
      expect((await download("custodian", person, "cli")).status).toBe(403);
    }
  });

  it("refuse an unknown kind with a 400 naming the field", async () => {
    const answer = await download("everything");
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/kind/);
  });

  it("are attachments, and name the broker the sandbox knows (GetCallerIdentity)", async () => {
    const answer = await download("custodian");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toBe('attachment; filename="gatehouse-custodian-roles.template.json"');
    expect(answer.body.Parameters.BrokerPrincipalArn.Default).toBe("arn:aws:iam::111111111111:user/gatehouse-broker");
    expect((await download("targets", ADA, "cli")).body).toEqual((await download("targets")).body);
  });

  it("loaded into a sandbox give a working chain and an all-green setup check", async () => {
    const templates = {
      custodian: (await download("custodian")).body,
      targets: (await download("targets")).body,
      management: (await download("management")).body,
    };
    const seed = seedFromTemplates(loadSeed(), templates, "111111111111");
    // The generated roles replaced the hand-written ones: Developer exists exactly where the StackSet puts it.
    expect(seed.iam.roles.find((role) => role.name === "Developer")!.accounts).toEqual(["444444444444", "555555555555", "111111111111"]);

    const port = Number(new URL(aws.url).port);
    await aws.close();
    aws = await startAwsSandbox({ port, gateway: false, seed });
    const { assumeTargetRole, resetRoleChainCache } = await import("@/lib/aws/role-chain");
    resetRoleChainCache();

    const session = await assumeTargetRole({
      user: { sub: DANA.sub, email: DANA.email },
      profile: { id: "developer", custodianRole: "arn:aws:iam::111111111111:role/CustodianDeveloper" },
      accountId: "444444444444",
      roleName: "Developer",
    });
    const sts = new STSClient({ endpoint: aws.url, region: "us-east-1", credentials: session.credentials, maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com");

    const setup = await import("@/app/api/admin/setup-check/route");
    const answer = await call<SetupReport>(setup.POST, testActor({ ...ADA, ...META }), jsonRequest("/api/admin/setup-check", {}));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, hopsBroken: 0, hopsTried: 17 });
  });
});
