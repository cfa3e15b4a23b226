import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { consoleEnvironment } from "./console-fixtures";

// /api/health's report: database and AWS reachability as Gatehouse's broker, degraded (never a stack trace) when
// either fails, with a message that says which. Anonymous callers get only publicHealth(report) (ok/degraded per
// dependency); the full report needs an admin or the HEALTH_TOKEN bearer token (healthTokenMatches).

describe("health report", () => {
  let aws: AwsSandbox;
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let checkHealth: typeof import("@/lib/health/check-health").checkHealth;
  let publicHealth: typeof import("@/lib/health/public-health").publicHealth;

  beforeAll(async () => {
    aws = await startAwsSandbox({ port: 0, gateway: false });
    database = await createTestDatabase("postgresql");
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1" }));
    db = connectTestDatabase(database.url);
    vi.resetModules();
    ({ checkHealth } = await import("@/lib/health/check-health"));
    ({ publicHealth } = await import("@/lib/health/public-health"));
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
    await aws?.close();
  });

  it("is ok when the database answers and AWS accepts the broker's credentials", async () => {
    const report = await checkHealth();
    expect(report).toMatchObject({ status: "ok", database: { ok: true }, aws: { ok: true, identity: "arn:aws:iam::111111111111:user/gatehouse-broker" } });
  });

  it("shows anonymous callers ok per dependency and nothing else", async () => {
    const report = await checkHealth();
    expect(report.status).toBe("ok");
    const answer = publicHealth(report);
    expect(answer).toStrictEqual({ status: "ok", database: "ok", aws: "ok" });
    expect(Object.keys(answer).sort()).toEqual(["aws", "database", "status"]);
    expect(JSON.stringify(answer)).not.toMatch(/111111111111|gatehouse-broker|latency|checkedAt/i);
  });

  it("is degraded, saying why, when AWS cannot be reached or refuses the credentials", async () => {
    aws.faults.add({ kind: "unreachable", service: "sts" });
    let report = await checkHealth();
    expect(report.status).toBe("degraded");
    expect(report.aws).toMatchObject({ ok: false });
    expect(report.aws.message).toMatch(/could not be reached/);
    const answer = publicHealth(report);
    expect(answer).toStrictEqual({ status: "degraded", database: "ok", aws: "degraded" });
    expect(JSON.stringify(answer)).not.toMatch(/reached|sts|latency|checkedAt/i);
    aws.faults.clear();

    aws.faults.add({ kind: "expired-token", service: "sts" });
    report = await checkHealth();
    expect(report.status).toBe("degraded");
    expect(report.aws.message).toMatch(/did not accept Gatehouse's credentials/);
    aws.faults.clear();
    expect((await checkHealth()).status).toBe("ok");
  });

  it("is degraded when the database is gone", async () => {
    await database.drop();
    const report = await checkHealth();
    expect(report.status).toBe("degraded");
    expect(report.database.ok).toBe(false);
    expect(report.aws.ok).toBe(true);
    const answer = publicHealth(report);
    expect(answer).toStrictEqual({ status: "degraded", database: "degraded", aws: "ok" });
    expect(JSON.stringify(answer)).not.toMatch(/111111111111|gatehouse-broker|latency|checkedAt/i);
  });
});

describe("publicHealth", () => {
  let publicHealth: typeof import("@/lib/health/public-health").publicHealth;
  beforeAll(async () => {
    ({ publicHealth } = await import("@/lib/health/public-health"));
  });
  const report = (database: boolean | null, aws: boolean | null) => ({
    status: database === true && aws !== false ? ("ok" as const) : ("degraded" as const),
    checkedAt: "2025-01-01T00:00:00.000Z",
    database: { ok: database, latencyMs: 3, ...(database ? {} : { message: "connect ECONNREFUSED 10.0.0.5:5432" }) },
    aws: { ok: aws, latencyMs: 41, identity: "arn:aws:iam::111111111111:user/gatehouse-broker", message: "STS answered" },
  });

  it.each([
    [true, true, { status: "ok", database: "ok", aws: "ok" }],
    [true, null, { status: "ok", database: "ok", aws: "unknown" }],
    [true, false, { status: "degraded", database: "ok", aws: "degraded" }],
    [false, true, { status: "degraded", database: "degraded", aws: "ok" }],
    [false, false, { status: "degraded", database: "degraded", aws: "degraded" }],
  ] as const)("database %s, aws %s: exactly status, database and aws", (database, aws, expected) => {
    const answer = publicHealth(report(database, aws));
    expect(answer).toStrictEqual(expected);
    expect(Object.keys(answer).sort()).toEqual(["aws", "database", "status"]);
    expect(JSON.stringify(answer)).not.toMatch(/111111111111|gatehouse-broker|ECONNREFUSED|10\.0\.0\.5|STS|2025|latency/);
  });
});

describe("healthTokenMatches", () => {
  let healthTokenMatches: typeof import("@/lib/health/public-health").healthTokenMatches;
  beforeAll(async () => {
    ({ healthTokenMatches } = await import("@/lib/health/public-health"));
  });
  const token = "monitor-token-0123456789abcdef";

  it("accepts the configured token as a bearer token", () => {
    expect(healthTokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(healthTokenMatches(`bearer ${token}`, token)).toBe(true);
  });

  it.each([
    ["a wrong token of the same length", `Bearer ${token.slice(0, -1)}X`],
    ["a shorter token", `Bearer ${token.slice(0, 16)}`],
    ["a longer token", `Bearer ${token}0`],
    ["the token without the scheme", token],
    ["another scheme", `Basic ${token}`],
    ["an empty bearer", "Bearer "],
    ["the token with something after it", `Bearer ${token} extra`],
    ["an empty header", ""],
  ])("refuses %s", (_, header) => {
    expect(healthTokenMatches(header, token)).toBe(false);
  });

  it("refuses a missing header", () => {
    expect(healthTokenMatches(null, token)).toBe(false);
  });

  it("refuses everything when no token is configured", () => {
    expect(healthTokenMatches(`Bearer ${token}`, undefined)).toBe(false);
    expect(healthTokenMatches("Bearer ", undefined)).toBe(false);
    expect(healthTokenMatches(null, undefined)).toBe(false);
    expect(healthTokenMatches("Bearer x", "")).toBe(false);
  });
});
