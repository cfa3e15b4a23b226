import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import type { OpenConsoleResult } from "@/lib/console/console-api";
import { testActor } from "../support/actor";
import { call, jsonRequest, type Answer } from "../support/routes";
import { consoleEnvironment, countCalls, DANA, followLogin, META, NORA, pageField, storeOrganization } from "./console-fixtures";

// "Open console" end to end below Next's cookie handling: POST /api/console's real handler (origin rule, input,
// access decision, audit records, role chain and federation sign-in) against the sandbox AWS, on PostgreSQL and on
// PGlite. The login URL is followed to the sandbox console page.

type ConsoleRoute = typeof import("@/app/api/console/route");
type Opened = OpenConsoleResult;
type Refused = { error: string; message: string; retryable: boolean };

let aws: AwsSandbox;
let restoreEnv: () => void;
let consoleRoute: ConsoleRoute;
let resetRoleChainCache: () => void;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, "postgresql://set-per-database@127.0.0.1:1/x"));
  consoleRoute = await import("@/app/api/console/route");
  ({ resetRoleChainCache } = await import("@/lib/aws/role-chain"));
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
});

type Person = { sub: string; email: string; groups: string[] };
const asActor = (person: Person) => testActor({ ...person, ...META });

async function attempt(input: unknown, person: Person = DANA): Promise<Answer<Opened | Refused>> {
  return call<Opened | Refused>(consoleRoute.POST, asActor(person), jsonRequest("/api/console", input));
}

async function opens(input: unknown, person: Person = DANA): Promise<Opened> {
  const answer = await attempt(input, person);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Opened;
}

async function refusal(pending: Promise<Answer<Opened | Refused>>): Promise<Refused & { status: number }> {
  const answer = await pending;
  expect(answer.status).toBeGreaterThanOrEqual(400);
  return { ...(answer.body as Refused), status: answer.status };
}

describe.each(DATABASE_KINDS)("openConsole on %s", (kind) => {
  let database: TestDatabase;
  let db: ReturnType<typeof connectTestDatabase>;
  const open = (input: unknown, person: Person = DANA) => attempt(input, person);
  const lastAudit = () => db.auditEvent.findFirstOrThrow({ where: { action: "console.open" }, orderBy: { at: "desc" } });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = connectTestDatabase(database.url);
    await storeOrganization(db, aws.state.seed);
    const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
    await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });
  beforeEach(() => {
    resetRoleChainCache();
    aws.faults.clear();
    aws.stats.reset();
  });

  it("opens Developer@444444444444 for Dana: audited, then a login URL that lands on the console as dana@example.com", async () => {
    const opened = await opens({ accountId: "444444444444", roleName: "Developer" });
    expect(opened).toMatchObject({ roleArn: "arn:aws:iam::444444444444:role/Developer", sessionName: "dana@example.com", chained: true });
    expect(new Date(opened.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3600_000);

    const [allowed, audit] = await db.auditEvent
      .findMany({ where: { action: "console.open", actorSub: DANA.sub }, orderBy: { at: "desc" }, take: 2 })
      .then((rows) => rows.reverse());
    expect(allowed).toMatchObject({ outcome: "allowed", accountId: "444444444444", roleName: "Developer", via: "browser-session" });
    expect(audit).toMatchObject({
      outcome: "issued",
      actorSub: DANA.sub,
      actorEmail: "dana@example.com",
      profileId: "developer",
      accountId: "444444444444",
      roleName: "Developer",
      destination: "https://console.aws.amazon.com/",
      sourceIp: META.sourceIp,
      userAgent: META.userAgent,
    });
    expect(allowed!.detail).toContain("Profile developer grants role Developer in account 444444444444 (API Dev)");
    expect(audit!.detail).toContain("console sign-in URL for arn:aws:iam::444444444444:role/Developer");

    const page = await followLogin(opened.url);
    expect(page.status).toBe(200);
    expect(pageField(page.html, "console-account")).toBe("444444444444");
    expect(pageField(page.html, "console-role")).toBe("Developer");
    expect(pageField(page.html, "console-session-name")).toBe("dana@example.com");
    expect(pageField(page.html, "console-source-identity")).toBe("dana@example.com");
    expect(pageField(page.html, "console-issuer")).toBe("http://localhost:3000");

    expect(await db.recentRole.count({ where: { userSub: DANA.sub, accountId: "444444444444", roleName: "Developer" } })).toBe(1);
    const everything = JSON.stringify(await db.auditEvent.findMany());
    expect(everything).not.toContain("SigninToken");
    expect(everything).not.toContain(new URL(opened.url).searchParams.get("SigninToken"));
  });

  it("writes the audit record before asking for the sign-in token", async () => {
    aws.faults.add({ kind: "latency", service: "sts", operation: "AssumeRole", latencyMs: 300 });
    const started = Date.now();
    const pending = opens({ accountId: "555555555555", roleName: "ReadOnly", destination: "ec2:eu-west-1" });
    let seen: { tokenCalls: number } | undefined;
    while (!seen && Date.now() - started < 5000) {
      const row = await db.auditEvent.findFirst({ where: { actorSub: DANA.sub, accountId: "555555555555", at: { gte: new Date(started - 1000) } } });
      if (row) seen = { tokenCalls: countCalls(aws, "federation", "getSigninToken") };
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen).toEqual({ tokenCalls: 0 });
    const opened = await pending;
    expect(countCalls(aws, "federation", "getSigninToken")).toBe(1);
    const page = await followLogin(opened.url);
    expect(pageField(page.html, "console-destination")).toBe("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:");
  });

  it("keeps the allowed audit record and appends an error record when the federation endpoint fails", async () => {
    aws.faults.add({ kind: "throttle", service: "federation", operation: "getSigninToken" });
    const error = await refusal(open({ accountId: "444444444444", roleName: "ReadOnly" }));
    expect(error).toMatchObject({ status: 503, error: "aws-throttled", retryable: true });
    expect(error.message).toMatch(/sign-in endpoint .* is busy \(HTTP 429\)/);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ outcome: "error", accountId: "444444444444", roleName: "ReadOnly", profileId: "developer" });
    expect(audit.detail).toContain("busy");
    const allowed = await db.auditEvent.findFirstOrThrow({
      where: { action: "console.open", outcome: "allowed", accountId: "444444444444", roleName: "ReadOnly" },
      orderBy: { at: "desc" },
    });
    expect(allowed.at.getTime()).toBeLessThanOrEqual(audit.at.getTime());
    expect(allowed.id).not.toBe(audit.id);
    expect(await db.auditEvent.count({ where: { action: "console.open", outcome: "issued", accountId: "444444444444", roleName: "ReadOnly" } })).toBe(0);
    expect(await db.recentRole.count({ where: { userSub: DANA.sub, roleName: "ReadOnly", accountId: "444444444444" } })).toBe(0);
  });

  it("refuses Dana the Admin role in API Prod with 403, audits the refusal, and makes no AWS call", async () => {
    const error = await refusal(open({ accountId: "333333333333", roleName: "Admin" }));
    expect(error).toMatchObject({ status: 403, error: "not-granted" });
    expect(error.message).toBe("Your profiles (developer) do not grant role Admin in account 333333333333 (API Prod). They grant ReadOnly there.");
    expect(await lastAudit()).toMatchObject({
      outcome: "denied",
      accountId: "333333333333",
      roleName: "Admin",
      detail: `not-granted: ${error.message}`,
      sourceIp: META.sourceIp,
    });
    expect(aws.stats.snapshot().total).toBe(0);
  });

  it.each([
    [{ accountId: "12345", roleName: "Developer" }, 400, "Invalid accountId: expected a 12-digit AWS account id"],
    [{ accountId: "444444444444", roleName: "Developer/../../Admin x" }, 400, "Invalid roleName"],
    [{ accountId: "999999999999", roleName: "Developer" }, 404, "Account 999999999999 is not in the organization."],
    [{ accountId: "444444444444\u0000", roleName: "Developer" }, 400, "Invalid accountId"],
    [{ accountId: "4".repeat(10_000), roleName: "Developer" }, 400, "Invalid accountId"],
    [{ accountId: [[[["444444444444"]]]], roleName: "Developer" }, 400, "Invalid accountId"],
    [{ accountId: "444444444444", roleName: "Developer", reason: "why\u0000not" }, 200, ""],
    [{ accountId: "444444444444", roleName: "Developer", destination: "https://evil.example/phish" }, 400, "Invalid destination"],
    [{ accountId: "444444444444", roleName: "Developer", destination: { url: "https://evil.example/" } }, 400, "Invalid destination"],
    [{ accountId: "444444444444", roleName: "Developer", destination: "ec2:ap-south-1" }, 400, "region ap-south-1 is not one Gatehouse offers"],
  ])("answers input #%# with %i and audits it, storably", async (input, status, message) => {
    const answer = await open(input);
    expect(answer.status).toBe(status);
    const audit = await lastAudit();
    expect(audit.accountId?.length ?? 0).toBeLessThanOrEqual(32);
    if (status === 200) {
      expect(audit).toMatchObject({ outcome: "issued", reason: "why\\u0000not" });
      return;
    }
    const error = answer.body as Refused;
    expect(error.message).toContain(message);
    expect(error.message.length).toBeLessThan(400);
    expect(audit.outcome).toBe("denied");
    expect(audit.detail).toContain(message);
    expect(aws.stats.snapshot().total).toBe(0);
  });

  it("refuses someone with no profile", async () => {
    const error = await refusal(open({ accountId: "444444444444", roleName: "ReadOnly" }, NORA));
    expect(error).toMatchObject({ status: 403, error: "no-profile" });
  });

  it("makes a console session as long as promised even when the cached credentials would end it in 15 minutes", async () => {
    const { assumeTargetRole } = await import("@/lib/aws/role-chain");
    const { getAccessPolicy } = await import("@/lib/access/policy-store");
    const profile = (await getAccessPolicy()).profiles.find((candidate) => candidate.id === "developer")!;
    const target = { user: { sub: DANA.sub, email: DANA.email, idToken: null }, profile, accountId: "444444444444", roleName: "Developer" };
    // A shell (or an earlier open) left 15-minute credentials in the cache: still "fresh" by the five-minute rule.
    const cached = await assumeTargetRole({ ...target, durationSeconds: 900 });
    expect(cached.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    expect(await assumeTargetRole(target)).toMatchObject({ credentials: cached.credentials });
    const assumedBefore = countCalls(aws, "sts", "AssumeRole");

    const opened = await opens({ accountId: "444444444444", roleName: "Developer" });
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(assumedBefore + 1);
    const page = await followLogin(opened.url);
    const consoleEnds = Date.parse(pageField(page.html, "console-expires") ?? "");
    expect(consoleEnds - Date.now()).toBeGreaterThan(3600_000 - 120_000);
    // What the page shows is the console session's real end, as the console itself has it.
    expect(Math.abs(Date.parse(opened.expiresAt) - consoleEnds)).toBeLessThan(2000);

    // The fresh credentials are cached in turn: a second open straight after reuses them.
    await opens({ accountId: "444444444444", roleName: "Developer" });
    expect(countCalls(aws, "sts", "AssumeRole")).toBe(assumedBefore + 1);
  });

  it("turns STS throttling into a clear, retryable message", async () => {
    aws.faults.add({ kind: "throttle", service: "sts", operation: "AssumeRole" });
    const error = await refusal(open({ accountId: "444444444444", roleName: "Developer" }));
    expect(error).toMatchObject({ status: 503, error: "aws-throttled", retryable: true });
    expect(error.message).toContain("AWS is throttling requests (Throttling)");
    expect((await lastAudit()).outcome).toBe("error");
  });

  it("lands on one instance's Session Manager page only when the shell rules allow that instance, by its AWS tags", async () => {
    const destination = "instance:us-east-1:i-0b000000000000001";
    // The developer profile requires a reason for shells, so it does for a shell's console page too.
    const noReason = await refusal(open({ accountId: "444444444444", roleName: "Developer", destination }));
    expect(noReason).toMatchObject({ status: 403, error: "reason-required" });
    const opened = await opens({ accountId: "444444444444", roleName: "Developer", destination, reason: "checking the agent log" });
    const page = await followLogin(opened.url);
    expect(pageField(page.html, "console-destination")).toBe(
      "https://us-east-1.console.aws.amazon.com/systems-manager/session-manager/i-0b000000000000001?region=us-east-1",
    );
    expect(await lastAudit()).toMatchObject({ outcome: "issued", instanceId: "i-0b000000000000001", region: "us-east-1", reason: "checking the agent log" });

    const refused = await refusal(
      open({ accountId: "333333333333", roleName: "ReadOnly", destination: "instance:us-east-1:i-0a000000000000001", reason: "looking" }),
    );
    expect(refused.status).toBe(403);
    expect(await lastAudit()).toMatchObject({ outcome: "denied", instanceId: "i-0a000000000000001" });
  });

  it("names the role whose trust policy refused and the principal, when the access file grants more than IAM allows", async () => {
    // A misconfiguration: the access file lets developers open Admin in API Prod (and asks for a reason), but Admin's
    // trust policy only trusts CustodianAdmin. Gatehouse allows, audits, and AWS refuses.
    const policy = YAML.parse(readFileSync("config/demo/access-profiles.yaml", "utf8")) as { profiles: Array<Record<string, unknown>> };
    const developer = policy.profiles.find((profile) => profile.id === "developer")!;
    developer.accountRoles = [...(developer.accountRoles as unknown[]), { accounts: ["333333333333"], roles: ["Admin"] }];
    developer.requireReason = { console: true, shell: true };
    const file = path.join(os.tmpdir(), `gatehouse-console-${process.pid}-${kind}.yaml`);
    writeFileSync(file, YAML.stringify(policy));
    const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
    await publishAccessPolicyFile(file);
    try {
      const noReason = await refusal(open({ accountId: "333333333333", roleName: "Admin" }));
      expect(noReason).toMatchObject({ status: 403, error: "reason-required" });
      expect(noReason.message).toContain("requires a reason to open the console");

      const error = await refusal(open({ accountId: "333333333333", roleName: "Admin", reason: "incident 42" }));
      expect(error.status).toBe(403);
      expect(error.message).toContain("AWS refused to let arn:aws:iam::111111111111:role/CustodianDeveloper assume role arn:aws:iam::333333333333:role/Admin");
      expect(error.message).toContain(
        "Check that the trust policy of arn:aws:iam::333333333333:role/Admin allows arn:aws:iam::111111111111:role/CustodianDeveloper",
      );
      const audit = await lastAudit();
      expect(audit).toMatchObject({ outcome: "error", roleName: "Admin", reason: "incident 42" });
      expect(audit.detail).toContain("trust policy of arn:aws:iam::333333333333:role/Admin");
    } finally {
      await publishAccessPolicyFile("config/demo/access-profiles.yaml");
    }
  });
});
