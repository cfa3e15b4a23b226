import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import type { RouteHandler } from "@/lib/http/route";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { call, ORIGIN } from "../support/routes";
import { ADA, consoleEnvironment, DANA, storeOrganization } from "./console-fixtures";

// The hardening review's findings, one test each, through the routes' real handlers on PostgreSQL: each of these
// answered 500, stored or echoed unbounded values, or skipped its audit record before the one-path refactor.

let aws: AwsSandbox;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let routes: { console: RouteHandler; shell: RouteHandler; favourite: RouteHandler; sync: RouteHandler; terminate: RouteHandler; resume: RouteHandler };
const dana = testActor({ ...DANA, sourceIp: "203.0.113.7", userAgent: "review" });

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  database = await createTestDatabase("postgresql");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { ORG_SYNC_INTERVAL_SECONDS: "0" }));
  db = connectTestDatabase(database.url);
  await storeOrganization(db, aws.state.seed);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  routes = {
    console: (await import("@/app/api/console/route")).POST,
    shell: (await import("@/app/api/shell/route")).POST,
    favourite: (await import("@/app/api/favourites/route")).POST,
    sync: (await import("@/app/api/org/sync/route")).POST,
    terminate: (await import("@/app/api/sessions/[sessionId]/route")).DELETE,
    resume: (await import("@/app/api/shell/[sessionId]/resume/route")).POST,
  };
});
afterAll(async () => {
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "sec-fetch-site": "same-origin", ...headers },
    body,
  });
const lastRecord = () => db.auditEvent.findFirstOrThrow({ where: { actorSub: DANA.sub }, orderBy: { at: "desc" } });
const recordCount = () => db.auditEvent.count({ where: { actorSub: DANA.sub } });

describe("findings of the hardening review", () => {
  it("a reason holding NUL is stored escaped, and the console still opens with its record", async () => {
    const answer = await call(
      routes.console,
      dana,
      post("/api/console", JSON.stringify({ accountId: "444444444444", roleName: "Developer", reason: "fix\u0000it" })),
    );
    expect(answer.status).toBe(200);
    expect(await lastRecord()).toMatchObject({ outcome: "issued", reason: "fix\\u0000it" });
    // A refused request with a NUL in it is on record too.
    const refused = await call(
      routes.shell,
      dana,
      post("/api/shell", JSON.stringify({ accountId: "333333333333", region: "us-east-1", instanceId: "i-0a000000000000001", reason: "a\u0000b" })),
    );
    expect(refused.status).toBe(403);
    expect(await lastRecord()).toMatchObject({ action: "shell.open", outcome: "denied", reason: "a\\u0000b" });
  });

  it.each(["console", "shell", "favourite"] as const)(
    "an accountId of 10,000 nested arrays gets a 400 from %s, and credential routes audit it",
    async (name) => {
      const body = `{"accountId":${"[".repeat(10_000)}${"]".repeat(10_000)},"roleName":"Developer","region":"us-east-1","instanceId":"i-0b000000000000001"}`;
      expect(body.length).toBeGreaterThan(20_000 - 100);
      const before = await recordCount();
      const answer = await call<{ error: string; message: string }>(routes[name], dana, post("/api/x", body, {}), {});
      expect([400, 413]).toContain(answer.status);
      expect(answer.body.message.length).toBeLessThan(300);
      expect(await recordCount()).toBe(before + (name === "favourite" ? 0 : 1));
    },
  );

  it("a 10,000-character accountId is refused with a bounded message and stored clipped", async () => {
    const answer = await call<{ message: string }>(
      routes.shell,
      dana,
      post("/api/shell", JSON.stringify({ accountId: "4".repeat(10_000), region: "us-east-1", instanceId: "i-0b000000000000001" })),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.message.length).toBeLessThan(300);
    const record = await lastRecord();
    expect(record).toMatchObject({ action: "shell.open", outcome: "denied" });
    expect(record.accountId!.length).toBeLessThanOrEqual(32);
  });

  it("a 1.5 MB body is refused with 413 without being read whole, and audited on a credential route", async () => {
    const big = JSON.stringify({ accountId: "444444444444", roleName: "Developer", reason: "x".repeat(1_500_000) });
    const answer = await call<{ error: string; message: string }>(routes.console, dana, post("/api/console", big));
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe("payload-too-large");
    expect(JSON.stringify(answer.body).length).toBeLessThan(300);
    expect(await lastRecord()).toMatchObject({ action: "console.open", outcome: "denied" });
  });

  it("a cross-site console request is refused and audited, like a cross-site shell request", async () => {
    for (const [route, path, action] of [
      [routes.console, "/api/console", "console.open"],
      [routes.shell, "/api/shell", "shell.open"],
    ] as const) {
      const answer = await call<{ error: string }>(
        route,
        dana,
        post(path, JSON.stringify({ accountId: "444444444444", roleName: "Developer" }), { origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
      );
      expect(answer).toMatchObject({ status: 403, body: { error: "cross-site" } });
      expect(await lastRecord()).toMatchObject({ action, outcome: "denied" });
    }
  });

  it.each(["console", "favourite", "sync", "shell"] as const)("Origin: null is refused by %s", async (name) => {
    const answer = await call<{ error: string }>(
      routes[name],
      dana,
      post("/api/x", JSON.stringify({ accountId: "444444444444", roleName: "Developer" }), { origin: "null", "sec-fetch-site": "cross-site" }),
    );
    expect(answer).toMatchObject({ status: 403, body: { error: "cross-site" } });
  });

  it("the shell and session routes honour Sec-Fetch-Site even without an Origin header", async () => {
    for (const [route, params] of [
      [routes.terminate, { sessionId: "dana@example.com-0123456789abcdef0" }],
      [routes.resume, { sessionId: "dana@example.com-0123456789abcdef0" }],
      [routes.shell, {}],
    ] as const) {
      const request = new Request(`${ORIGIN}/api/x`, {
        method: route === routes.terminate ? "DELETE" : "POST",
        headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
        body: "{}",
      });
      const answer = await call<{ error: string }>(route, dana, request, params);
      expect(answer).toMatchObject({ status: 403, body: { error: "cross-site" } });
    }
  });

  it("JSON sent as text/plain is refused with 415 (a cross-site form could send it without CORS)", async () => {
    const answer = await call<{ error: string }>(
      routes.console,
      dana,
      post("/api/console", JSON.stringify({ accountId: "444444444444", roleName: "Developer" }), { "content-type": "text/plain" }),
    );
    expect(answer).toMatchObject({ status: 415, body: { error: "unsupported-media-type" } });
    expect(await lastRecord()).toMatchObject({ action: "console.open", outcome: "denied" });
  });

  it("an administrator's sync is audited allowed; the developer's refused", async () => {
    const ada = testActor(ADA);
    const refused = await call(routes.sync, dana, post("/api/org/sync", "{}"));
    expect(refused.status).toBe(403);
    expect(await lastRecord()).toMatchObject({ action: "org.sync", outcome: "denied" });
    const started = await call(routes.sync, ada, post("/api/org/sync", "{}"));
    expect([202, 409]).toContain(started.status);
    expect(await db.auditEvent.findFirstOrThrow({ where: { actorSub: ADA.sub, action: "org.sync" } })).toMatchObject({ outcome: "allowed" });
  });
});
