import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadSeed, SANDBOX_BROKER, startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { applyAppEnvironment } from "../support/app-env";
import { consoleEnvironment, countCalls, DANA } from "./console-fixtures";

// BROKER_MODE=role: Gatehouse first assumes its own broker role (shared by every user), so every later hop is role
// chaining and lasts at most one hour, even where the profile would allow twelve.

const BROKER_ROLE = "arn:aws:iam::111111111111:role/GatehouseBroker";
const CUSTODIANS = ["arn:aws:iam::111111111111:role/CustodianAdmin", "arn:aws:iam::111111111111:role/CustodianDeveloper"];
const TRUST_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];

/** The default world plus a broker role the broker user may assume and the Custodian roles trust. */
function seedWithBrokerRole() {
  const seed = loadSeed();
  for (const role of seed.iam.roles.filter((candidate) => candidate.name.startsWith("Custodian"))) {
    const statements = Array.isArray(role.trustPolicy.Statement) ? role.trustPolicy.Statement : [role.trustPolicy.Statement];
    role.trustPolicy = { ...role.trustPolicy, Statement: [...statements, { Effect: "Allow", Principal: { AWS: BROKER_ROLE }, Action: TRUST_ACTIONS }] };
  }
  seed.iam.roles.push({
    name: "GatehouseBroker",
    path: "/",
    accounts: ["111111111111"],
    description: "Gatehouse's broker role (BROKER_MODE=role)",
    maxSessionDuration: 3600,
    trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: SANDBOX_BROKER.userArn }, Action: "sts:AssumeRole" }] },
    policies: [
      { name: "AssumeCustodians", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: TRUST_ACTIONS, Resource: CUSTODIANS }] } },
    ],
    tags: {},
  });
  return seed;
}

let aws: AwsSandbox;
let restoreEnv: () => void;
let chain: typeof import("@/lib/aws/role-chain");

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false, seed: seedWithBrokerRole() });
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, "postgresql://unused@127.0.0.1:1/unused", { BROKER_MODE: "role", BROKER_ROLE_ARN: BROKER_ROLE }));
  chain = await import("@/lib/aws/role-chain");
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
});
beforeEach(() => {
  chain.resetRoleChainCache();
  aws.stats.reset();
});

describe("role chain through a broker role", () => {
  it("goes broker user → GatehouseBroker → CustodianDeveloper → Developer, sharing the broker session between users", async () => {
    const dana = await chain.assumeTargetRole({
      user: DANA,
      profile: { id: "developer", custodianRole: CUSTODIANS[1]! },
      accountId: "444444444444",
      roleName: "Developer",
    });
    const sts = new STSClient({ endpoint: aws.url, region: "us-east-1", credentials: dana.credentials, maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com");
    expect(aws.state.credentials.lookup(dana.credentials.accessKeyId)?.caller).toMatchObject({
      sourceIdentity: "dana@example.com",
      sessionTags: { profile: "developer" },
    });
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(3);

    await chain.assumeTargetRole({
      user: { sub: "100000000000000000009", email: "eve@example.com" },
      profile: { id: "developer", custodianRole: CUSTODIANS[1]! },
      accountId: "444444444444",
      roleName: "Developer",
    });
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(5);
  });

  it("caps even a Custodian role's own session at one hour, because it is chained", async () => {
    const profile = { id: "admin", custodianRole: CUSTODIANS[0]!, maxSessionSeconds: 43_200 };
    const session = await chain.assumeTargetRole({ user: DANA, profile, accountId: "111111111111", roleName: "CustodianAdmin" });
    expect(session.chained).toBe(true);
    expect(session.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(chain.predictTargetSession(profile, "111111111111", "CustodianAdmin")).toEqual({ seconds: 3600, chained: true });
  });
});
