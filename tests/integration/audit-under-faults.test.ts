import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { createDb } from "@/lib/db/client";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { call, jsonRequest } from "../support/routes";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { consoleEnvironment, DANA, storeOrganization } from "./console-fixtures";

// Nothing is handed out without its audit record, whatever fails: PostgreSQL paused mid-request or gone, AWS
// throttling or failing, and under bounded load. Gatehouse reaches the real PostgreSQL through a TCP proxy the test
// can pause and cut; the test checks the records over its own direct connection.

type Opened = { url?: string; sessionName?: string; error?: string; tokenValue?: string; sessionId?: string };

let aws: AwsSandbox;
let database: TestDatabase;
let proxy: TcpProxy & { port: number };
let restoreEnv: () => void;
let checker: ReturnType<typeof createDb>;
let rootDir: string;
let consoleRoute: typeof import("@/app/api/console/route");
let shellRoute: typeof import("@/app/api/shell/route");

/** People in the developer group, each with their own `sub`, so their records can be told apart. */
const developer = (n: number) => testActor({ ...DANA, sub: `2000000000000000${String(n).padStart(5, "0")}`, email: `dev${n}@example.com` });

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-faults-"));
  aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
  database = await createTestDatabase("postgresql");
  const direct = new URL(database.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, proxy.url(database.url), { AWS_MAX_ATTEMPTS: "1" }));
  connectTestDatabase(proxy.url(database.url));
  checker = createDb(database.url, 4);
  await storeOrganization(checker, aws.state.seed);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  consoleRoute = await import("@/app/api/console/route");
  shellRoute = await import("@/app/api/shell/route");
});
afterAll(async () => {
  await checker?.$disconnect();
  await proxy?.close();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
  rmSync(rootDir, { recursive: true, force: true });
});
beforeEach(async () => {
  aws.faults.clear();
  proxy.restore();
  proxy.resume();
  const { resetRoleChainCache } = await import("@/lib/aws/role-chain");
  resetRoleChainCache();
});

const openConsole = (actor: ReturnType<typeof developer>, roleName = "ReadOnly") =>
  call<Opened>(consoleRoute.POST, actor, jsonRequest("/api/console", { accountId: "444444444444", roleName }));
const recordsOf = (sub: string) => checker.auditEvent.findMany({ where: { actorSub: sub }, orderBy: { at: "asc" } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("PostgreSQL paused or gone", () => {
  it.each([0, 15, 40, 120])(
    "a pause %i ms into ten console sign-ins hands out no URL without its issued record",
    async (delayMs) => {
      const people = Array.from({ length: 10 }, (_, i) => developer(delayMs * 100 + i));
      // Enough AWS latency that some requests are past their first record when the database stops answering.
      aws.faults.add({ kind: "latency", service: "sts", operation: "AssumeRole", latencyMs: 30 });
      const answers = people.map((person) => openConsole(person));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      proxy.pause();
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      proxy.resume();
      const settled = await Promise.all(answers);
      await settle();
      console.log(`[audit pause ${delayMs} ms] answers: ${settled.map((answer) => answer.status).join(" ")}`);
      for (const [i, answer] of settled.entries()) {
        const records = await recordsOf(people[i]!.sub);
        const issued = records.filter((record) => record.outcome === "issued");
        if (answer.status === 200) {
          expect(answer.body.url).toBeTruthy();
          expect(issued).toHaveLength(1);
        } else {
          expect([503], JSON.stringify(answer.body)).toContain(answer.status);
          expect(answer.body.url).toBeUndefined();
          expect(issued).toHaveLength(0);
        }
      }
    },
    60_000,
  );

  it("answers 503 with a retry while the database is gone, and works again when it is back", async () => {
    proxy.cut();
    const person = developer(90_001);
    const refused = await openConsole(person);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ retryable: true });
    expect(refused.body.url).toBeUndefined();
    proxy.restore();
    const opened = await openConsole(person);
    expect(opened.status).toBe(200);
    expect((await recordsOf(person.sub)).filter((record) => record.outcome === "issued")).toHaveLength(1);
  }, 60_000);

  it("ends a shell session that AWS started when its record cannot be written, and hands out no token", async () => {
    const person = developer(90_002);
    aws.faults.add({ kind: "latency", service: "ssm", operation: "StartSession", latencyMs: 400 });
    const pending = call<Opened>(
      shellRoute.POST,
      person,
      jsonRequest("/api/shell", { accountId: "444444444444", region: "us-east-1", instanceId: "i-0b000000000000001", reason: "fault test" }),
    );
    // Wait for the "allowed" record (written before StartSession), then stop the database while StartSession runs.
    for (let i = 0; i < 200 && !(await recordsOf(person.sub)).some((record) => record.outcome === "allowed"); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    proxy.pause();
    const answer = await pending;
    proxy.resume();
    await settle();
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: "audit-unavailable" });
    expect(answer.body.tokenValue).toBeUndefined();
    const records = await recordsOf(person.sub);
    expect(records.map((record) => record.outcome)).toEqual(["allowed"]);
    expect(await checker.shellSession.count({ where: { userSub: person.sub } })).toBe(0);
    // AWS did start it (the StartSession call went through), and Gatehouse ended it again.
    const started = aws.registry.describe({ state: "History" }).filter((session) => session.SessionId?.startsWith(person.email));
    expect(started.map((session) => session.Status)).toEqual(["Terminated"]);
    expect(aws.registry.describe({ state: "Active" }).filter((session) => session.SessionId?.startsWith(person.email))).toEqual([]);
  }, 60_000);
});

describe("AWS throttling or failing", () => {
  it.each([
    [{ kind: "throttle", service: "sts", operation: "AssumeRole" }, "aws-throttled"],
    [{ kind: "unreachable", service: "sts", operation: "AssumeRole" }, "aws-unreachable"],
    [{ kind: "throttle", service: "federation", operation: "getSigninToken" }, "aws-throttled"],
    [{ kind: "access-denied", service: "sts", operation: "AssumeRole" }, "aws-denied"],
  ] as const)("%j: no URL, the allowed record and an error record", async (fault, code) => {
    const person = developer(91_000 + Math.floor(Math.random() * 999));
    aws.faults.add(fault);
    const answer = await openConsole(person);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body).toMatchObject({ error: code });
    expect(answer.body.url).toBeUndefined();
    expect((await recordsOf(person.sub)).map((record) => record.outcome)).toEqual(["allowed", "error"]);
  });
});

describe("bounded load", () => {
  it("20 people for a while: credentials handed out equal the issued records, every allowed record is closed", async () => {
    const seconds = Number(process.env.AUDIT_LOAD_SECONDS ?? 10);
    const people = Array.from({ length: 20 }, (_, i) => developer(50_000 + i));
    // Some AWS trouble along the way: every 7th AssumeRole is throttled.
    aws.faults.add({ kind: "latency", service: "sts", operation: "AssumeRole", latencyMs: 5 });
    const deadline = Date.now() + seconds * 1000;
    let handedOut = 0;
    let refused = 0;
    let failed = 0;
    let round = 0;
    await Promise.all(
      people.map(async (person, i) => {
        for (let n = 0; Date.now() < deadline && n < 2_000; n++) {
          if (++round % 7 === 0) aws.faults.add({ kind: "throttle", service: "sts", operation: "AssumeRole", count: 1 });
          // Each person forgets cached role credentials now and then, so the role chain keeps running.
          const roleName = (n + i) % 5 === 0 ? "Admin" : (n + i) % 2 === 0 ? "ReadOnly" : "Developer";
          const answer = await openConsole(person, roleName);
          if (answer.status === 200 && answer.body.url) handedOut++;
          else if (answer.status < 500 && answer.status !== 429) refused++;
          else failed++;
          expect(answer.status).not.toBe(500);
        }
      }),
    );
    await settle();
    const subs = people.map((person) => person.sub);
    const count = (outcome: string) => checker.auditEvent.count({ where: { actorSub: { in: subs }, action: "console.open", outcome } });
    const [issued, allowed, errors, denied] = await Promise.all([count("issued"), count("allowed"), count("error"), count("denied")]);
    console.log(
      `[audit load] ${seconds} s, 20 people: ${handedOut} URLs handed out, ${refused} refused, ${failed} failed; records issued ${issued}, allowed ${allowed}, error ${errors}, denied ${denied}`,
    );
    expect(handedOut).toBeGreaterThan(50);
    expect(issued).toBe(handedOut);
    expect(allowed).toBe(issued + errors);
    expect(denied).toBe(refused);
  }, 120_000);
});
