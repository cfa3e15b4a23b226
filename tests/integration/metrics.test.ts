import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { parsePrometheus, sampleValue, type Sample } from "../support/prometheus";
import { call, getRequest, jsonRequest } from "../support/routes";
import { consoleEnvironment, DANA, NORA, storeOrganization } from "./console-fixtures";

// GET /api/metrics through its real handler, after real actions through theirs (the console route against the
// sandbox AWS over HTTP, the real SDK clients, PostgreSQL): the counters a scraper sees move with what was done, and
// the endpoint answers nothing without METRICS_TOKEN.

const TOKEN = "metrics-token-for-the-test-0123";

let aws: AwsSandbox;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let metricsRoute: typeof import("@/app/api/metrics/route").GET;
let consoleRoute: typeof import("@/app/api/console/route").POST;

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  database = await createTestDatabase("postgresql");
  restoreEnv = applyAppEnvironment(
    consoleEnvironment(aws, database.url, { METRICS_TOKEN: TOKEN, RATE_LIMIT_CREDENTIALS: "3", RATE_LIMIT_WINDOW_SECONDS: "3600" }),
  );
  db = connectTestDatabase(database.url);
  await storeOrganization(db, aws.state.seed);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  ({ GET: metricsRoute } = await import("@/app/api/metrics/route"));
  ({ POST: consoleRoute } = await import("@/app/api/console/route"));
});
afterAll(async () => {
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
});

async function scrape(): Promise<Sample[]> {
  const answer = await call<string>(metricsRoute, null, getRequest("/api/metrics", {}, { authorization: `Bearer ${TOKEN}` }));
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(answer.body);
}

describe("GET /api/metrics", () => {
  it("answers 401 without the token, with another token or scheme, and to a signed-in person", async () => {
    for (const headers of [{}, { authorization: "Bearer not-the-metrics-token-000" }, { authorization: `Basic ${TOKEN}` }] as Record<string, string>[]) {
      const answer = await call(metricsRoute, null, getRequest("/api/metrics", {}, headers));
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.stringify(answer.body)).not.toContain("gatehouse_");
    }
    // accept: [] — a session is no way in, so even an administrator's cookie gets nothing.
    expect((await call(metricsRoute, testActor(DANA), getRequest("/api/metrics"))).status).toBe(401);
  });

  it("counts consoles opened and refused, AWS calls, audit writes and rate-limit hits as they happen", async () => {
    const before = await scrape();
    const dana = testActor(DANA);
    const body = { accountId: "444444444444", roleName: "ReadOnly" };
    expect((await call(consoleRoute, dana, jsonRequest("/api/console", body))).status).toBe(200);
    expect((await call(consoleRoute, testActor(NORA), jsonRequest("/api/console", body))).status).toBe(403);
    // RATE_LIMIT_CREDENTIALS is 3 here: Dana's fourth attempt in the window is refused by the limit.
    expect((await call(consoleRoute, dana, jsonRequest("/api/console", body))).status).toBe(200);
    expect((await call(consoleRoute, dana, jsonRequest("/api/console", body))).status).toBe(200);
    expect((await call(consoleRoute, dana, jsonRequest("/api/console", body))).status).toBe(429);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);

    expect(delta("gatehouse_console_opens_total", { outcome: "issued" })).toBe(3);
    // Nora (no profile) and the rate-limited attempt: both refused, both on record.
    expect(delta("gatehouse_console_opens_total", { outcome: "denied" })).toBe(2);
    expect(delta("gatehouse_rate_limit_hits_total", { limit: "credentials" })).toBe(1);
    expect(delta("gatehouse_audit_records_total", { action: "console.open" })).toBe(3 * 2 + 2);
    expect(delta("gatehouse_audit_write_duration_seconds_count", { result: "ok" })).toBe(3 * 2 + 2);
    // Each console open assumed roles through STS and asked the federation endpoint (not an SDK call).
    expect(delta("gatehouse_aws_call_duration_seconds_count", { service: "sts", operation: "AssumeRole", result: "ok" })).toBeGreaterThanOrEqual(1);
    // storeOrganization wrote a succeeded sync moments ago.
    const age = sampleValue(after, "gatehouse_org_sync_age_seconds");
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(600);
    // The process's own metrics come along.
    expect(after.some((sample) => sample.name === "process_cpu_user_seconds_total")).toBe(true);
  });

  it("times an organization sync and counts its Organizations calls by operation", async () => {
    const before = await scrape();
    const { syncOrganization } = await import("@/lib/org/sync");
    const result = await syncOrganization({ trigger: "admin" });
    expect(result.status).toBe("succeeded");
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta("gatehouse_org_sync_duration_seconds_count", { result: "succeeded" })).toBe(1);
    expect(delta("gatehouse_aws_call_duration_seconds_count", { service: "organizations", operation: "ListRoots", result: "ok" })).toBe(1);
    expect(sampleValue(after, "gatehouse_org_sync_age_seconds")).toBeLessThan(60);
  });

  it("does not exist (404) while METRICS_TOKEN is unset", async () => {
    const token = process.env.METRICS_TOKEN;
    delete process.env.METRICS_TOKEN;
    try {
      vi.resetModules();
      const { GET } = await import("@/app/api/metrics/route");
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[])
        expect((await call(GET, null, getRequest("/api/metrics", {}, headers))).status).toBe(404);
    } finally {
      process.env.METRICS_TOKEN = token;
      vi.resetModules();
    }
  });

  it("counts AWS errors by service, operation and error name", async () => {
    const before = await scrape();
    aws.faults.add({ kind: "access-denied", service: "sts", operation: "AssumeRole" });
    try {
      const answer = await call(
        consoleRoute,
        testActor({ ...DANA, sub: "100000000000000000077", email: "dan@example.com" }),
        jsonRequest("/api/console", { accountId: "444444444444", roleName: "ReadOnly" }),
      );
      expect(answer.status).toBeGreaterThanOrEqual(400);
    } finally {
      aws.faults.clear();
    }
    const after = await scrape();
    const labels = { service: "sts", operation: "AssumeRole", error: "AccessDenied" };
    expect(
      sampleValue(after, "gatehouse_aws_call_errors_total", labels) - sampleValue(before, "gatehouse_aws_call_errors_total", labels),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(after, "gatehouse_console_opens_total", { outcome: "error" }) - sampleValue(before, "gatehouse_console_opens_total", { outcome: "error" }),
    ).toBe(1);
  });
});
