import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { call, jsonRequest } from "../support/routes";
import { consoleEnvironment, DANA, storeOrganization } from "./console-fixtures";

// The per-person limit on credential and session requests, through the routes' real handlers: the attempt past the
// limit gets 429 with Retry-After and a denied audit record, and hands out nothing; another person is not affected;
// the console, shell and resume routes share one budget.

let aws: AwsSandbox;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  database = await createTestDatabase("postgresql");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { RATE_LIMIT_CREDENTIALS: "5", RATE_LIMIT_WINDOW_SECONDS: "3600" }));
  db = connectTestDatabase(database.url);
  await storeOrganization(db, aws.state.seed);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
});
afterAll(async () => {
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
});

describe("the credential rate limit", () => {
  it("refuses the attempt past RATE_LIMIT_CREDENTIALS with 429, Retry-After and an audit record, per person", async () => {
    const { POST: openConsole } = await import("@/app/api/console/route");
    const { POST: openShell } = await import("@/app/api/shell/route");
    // Windows are fixed (aligned to the hour here): start well inside one, so the count cannot reset mid-test.
    const toBoundary = 3_600_000 - (Date.now() % 3_600_000);
    if (toBoundary < 15_000) await new Promise((resolve) => setTimeout(resolve, toBoundary + 100));
    const dana = testActor(DANA);
    const other = testActor({ ...DANA, sub: "100000000000000000099", email: "dan@example.com" });
    const consoleBody = { accountId: "444444444444", roleName: "ReadOnly" };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(openConsole, dana, jsonRequest("/api/console", consoleBody))).status);
    // A refused shell counts against the same budget (it is an attempt at a session).
    statuses.push(
      (
        await call(
          openShell,
          dana,
          jsonRequest("/api/shell", { accountId: "333333333333", region: "us-east-1", instanceId: "i-0a000000000000001", reason: "x" }),
        )
      ).status,
    );
    expect(statuses).toEqual([200, 200, 200, 200, 403]);

    const limited = await call<{ error: string; message: string; url?: string }>(openConsole, dana, jsonRequest("/api/console", consoleBody));
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("rate-limited");
    expect(limited.body.url).toBeUndefined();
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
    const record = await db.auditEvent.findFirstOrThrow({ where: { actorSub: DANA.sub }, orderBy: { at: "desc" } });
    expect(record).toMatchObject({ action: "console.open", outcome: "denied", accountId: "444444444444", roleName: "ReadOnly" });
    expect(record.detail).toMatch(/^rate-limited: /);

    expect((await call(openConsole, other, jsonRequest("/api/console", consoleBody))).status).toBe(200);
  });
});
