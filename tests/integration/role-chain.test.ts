import { inspect } from "node:util";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { applyAppEnvironment } from "../support/app-env";
import { consoleEnvironment, countCalls, DANA } from "./console-fixtures";

// The role chain with long-term broker keys (BROKER_MODE=keys): the real STS client against the sandbox, which
// enforces trust policies, role-chaining limits, source identity and session tags as AWS does.

type RoleChain = typeof import("@/lib/aws/role-chain");
type ChainErrors = typeof import("@/lib/aws/role-chain-error");

const CUSTODIAN_DEVELOPER = "arn:aws:iam::111111111111:role/CustodianDeveloper";
const DEVELOPER = { id: "developer", custodianRole: CUSTODIAN_DEVELOPER };
const dana = { sub: DANA.sub, email: DANA.email };

let aws: AwsSandbox;
let restoreEnv: () => void;
let chain: RoleChain;
let errors: ChainErrors;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, "postgresql://unused@127.0.0.1:1/unused"));
  chain = await import("@/lib/aws/role-chain");
  errors = await import("@/lib/aws/role-chain-error");
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
});
beforeEach(() => {
  chain.resetRoleChainCache();
  aws.stats.reset();
  aws.faults.clear();
});

async function callerArn(credentials: Awaited<ReturnType<RoleChain["assumeTargetRole"]>>["credentials"]): Promise<string | undefined> {
  const sts = new STSClient({ endpoint: aws.url, region: "us-east-1", credentials, maxAttempts: 1 });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

describe("role chain with broker keys", () => {
  it("goes broker → CustodianDeveloper → Developer@444444444444 as dana@example.com, with source identity and tags", async () => {
    const session = await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" });
    expect(await callerArn(session.credentials)).toBe("arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com");
    expect(session).toMatchObject({ roleArn: "arn:aws:iam::444444444444:role/Developer", sessionName: "dana@example.com", chained: true });
    // Role chaining caps the target session at one hour.
    expect(Math.abs(session.expiresAt.getTime() - (Date.now() + 3600_000))).toBeLessThan(60_000);

    const issued = aws.state.credentials.lookup(session.credentials.accessKeyId);
    expect(issued?.caller).toMatchObject({
      sourceIdentity: "dana@example.com",
      sessionTags: { email: "dana@example.com", profile: "developer" },
      chained: true,
    });
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(2);
  });

  it("serves the same user and role from the cache: no second AssumeRole", async () => {
    const first = await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" });
    const second = await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" });
    expect(second.credentials.accessKeyId).toBe(first.credentials.accessKeyId);
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(2);

    // Another role reuses the cached Custodian session: one more hop only.
    await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "555555555555", roleName: "ReadOnly" });
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(3);
  });

  it("makes one AssumeRole per hop for 20 concurrent requests of the same user and role", async () => {
    const sessions = await Promise.all(
      Array.from({ length: 20 }, () => chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" })),
    );
    expect(new Set(sessions.map((s) => s.credentials.accessKeyId)).size).toBe(1);
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(2);
  });

  it("keeps each user's credentials apart: another person gets their own chain and session name", async () => {
    const first = await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" });
    const other = await chain.assumeTargetRole({
      user: { sub: "100000000000000000009", email: "Eve.O'Neil@Example.com" },
      profile: DEVELOPER,
      accountId: "444444444444",
      roleName: "Developer",
    });
    expect(other.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
    expect(await callerArn(other.credentials)).toBe("arn:aws:sts::444444444444:assumed-role/Developer/eve.o-neil@example.com");
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(4);
  });

  it("opens a Custodian role itself in one hop, not chained, for as long as the profile allows", async () => {
    const profile = { id: "admin", custodianRole: "arn:aws:iam::111111111111:role/CustodianAdmin", maxSessionSeconds: 43_200 };
    const session = await chain.assumeTargetRole({ user: dana, profile, accountId: "111111111111", roleName: "CustodianAdmin" });
    expect(session.chained).toBe(false);
    expect(Math.abs(session.expiresAt.getTime() - (Date.now() + 43_200_000))).toBeLessThan(60_000);
    expect(chain.predictTargetSession(profile, "111111111111", "CustodianAdmin")).toEqual({ seconds: 43_200, chained: false });
    expect(chain.predictTargetSession(profile, "333333333333", "Admin")).toEqual({ seconds: 3600, chained: true });
  });

  it("names the role whose trust policy refused, and the principal it refused", async () => {
    const failure = await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "333333333333", roleName: "Admin" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(errors.RoleChainError);
    const fault = errors.describeRoleChainFault(failure);
    expect(fault).toMatchObject({ kind: "access-denied", status: 403, retryable: false });
    expect(fault.message).toContain("AWS refused to let arn:aws:iam::111111111111:role/CustodianDeveloper assume role arn:aws:iam::333333333333:role/Admin");
    expect(fault.message).toContain("trust policy of arn:aws:iam::333333333333:role/Admin");
    // Logged in full, the error still holds no request headers (the Custodian session's token was one of them).
    expect(inspect(failure, { depth: 20 })).not.toMatch(/x-amz-security-token|\$response|authorization/i);
  });

  it("names the broker user when a Custodian role does not trust it", async () => {
    const profile = { id: "broken", custodianRole: "arn:aws:iam::111111111111:role/Admin" };
    const failure = await chain.assumeTargetRole({ user: dana, profile, accountId: "444444444444", roleName: "ReadOnly" }).catch((e: unknown) => e);
    const fault = errors.describeRoleChainFault(failure);
    expect(fault.message).toContain("AWS refused to let arn:aws:iam::111111111111:user/gatehouse-broker assume role arn:aws:iam::111111111111:role/Admin");
  });

  it("reports throttling as retryable and does not cache the failure", async () => {
    aws.faults.add({ kind: "throttle", service: "sts", operation: "AssumeRole" });
    const failure = await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" }).catch((e: unknown) => e);
    const fault = errors.describeRoleChainFault(failure);
    expect(fault).toMatchObject({ kind: "throttled", status: 503, retryable: true });
    expect(fault.message).toMatch(/throttling.*try again/i);
    aws.faults.clear();
    const session = await chain.assumeTargetRole({ user: dana, profile: DEVELOPER, accountId: "444444444444", roleName: "Developer" });
    expect(session.sessionName).toBe("dana@example.com");
  });
});
