import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { consoleEnvironment } from "./console-fixtures";

// /api/health's report: database and AWS reachability as Gatehouse's broker, degraded (never a stack trace) when
// either fails, with a message that says which.

describe("health report", () => {
  let aws: AwsSandbox;
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let checkHealth: typeof import("@/lib/health/check-health").checkHealth;

  beforeAll(async () => {
    aws = await startAwsSandbox({ port: 0, gateway: false });
    database = await createTestDatabase("postgresql");
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1" }));
    db = connectTestDatabase(database.url);
    vi.resetModules();
    ({ checkHealth } = await import("@/lib/health/check-health"));
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

  it("is degraded, saying why, when AWS cannot be reached or refuses the credentials", async () => {
    aws.faults.add({ kind: "unreachable", service: "sts" });
    let report = await checkHealth();
    expect(report.status).toBe("degraded");
    expect(report.aws).toMatchObject({ ok: false });
    expect(report.aws.message).toMatch(/could not be reached/);
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
  });
});
