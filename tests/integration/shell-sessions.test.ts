import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { openShell as connectShell, waitFor } from "@/sandbox/aws/gateway/test-harness";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { call, getRequest, jsonRequest, ORIGIN, type Answer } from "../support/routes";
import { ADA, consoleEnvironment, countCalls, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// "Open shell" end to end on PostgreSQL and PGlite, through the routes' real handlers (POST /api/shell,
// POST /api/shell/<id>/resume, DELETE /api/sessions/<id>: input parsing, origin rule, refusal auditing, the error
// table): access is decided from the instance's tags as AWS reports them, the allowed record is written before
// StartSession, the session is started with the user's own role, and the StreamUrl/TokenValue answer opens a real
// shell through lib/ssm's BrowserSession over `ws`. Then resume, terminate and the sessions listing.

let aws: AwsSandbox;
let rootDir: string;

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-shell-test-"));
  aws = await startAwsSandbox({ port: 0, pageSize: 2, gateway: { rootDir } });
});
afterAll(async () => {
  await aws?.close();
  rmSync(rootDir, { recursive: true, force: true });
});

const DEV = { accountId: "444444444444", region: "us-east-1", instanceId: "i-0b000000000000001" };
const PROD = { accountId: "333333333333", region: "us-east-1", instanceId: "i-0a000000000000001" };

type Person = { sub: string; email: string; groups: string[] };
type Stream = { sessionId: string; streamUrl: string; tokenValue: string };
type Refused = { error: string; message: string; retryable: boolean };
const asActor = (person: Person) => testActor({ ...person, ...META });

/** A refused answer: its status and its JSON body (code, message, retryable). */
async function refusal(pending: Promise<Answer<unknown>>): Promise<Refused & { status: number }> {
  const answer = await pending;
  expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
  return { ...(answer.body as Refused), status: answer.status };
}

async function granted<T>(pending: Promise<Answer<unknown>>, status = 200): Promise<T> {
  const answer = await pending;
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body as T;
}

describe.each(DATABASE_KINDS)("shells on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let routes: {
    shell: typeof import("@/app/api/shell/route");
    resume: typeof import("@/app/api/shell/[sessionId]/resume/route");
    session: typeof import("@/app/api/sessions/[sessionId]/route");
    sessions: typeof import("@/app/api/sessions/route");
  };
  let listShellSessions: typeof import("@/lib/instances/list-sessions").listShellSessions;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1" }));
    db = connectTestDatabase(database.url);
    vi.resetModules();
    routes = {
      shell: await import("@/app/api/shell/route"),
      resume: await import("@/app/api/shell/[sessionId]/resume/route"),
      session: await import("@/app/api/sessions/[sessionId]/route"),
      sessions: await import("@/app/api/sessions/route"),
    };
    ({ listShellSessions } = await import("@/lib/instances/list-sessions"));
    await storeOrganization(db, aws.state.seed);
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });
  beforeEach(async () => {
    aws.faults.clear();
    await db.auditEvent.deleteMany({});
  });

  const audits = () => db.auditEvent.findMany({ orderBy: { at: "asc" } });
  const open = (person: Person, body: unknown) => call(routes.shell.POST, asActor(person), jsonRequest("/api/shell", body));
  const opens = (person: Person, body: unknown) => granted<Stream>(open(person, body), 201);
  const resume = (person: Person, sessionId: string) =>
    call(routes.resume.POST, asActor(person), jsonRequest(`/api/shell/${encodeURIComponent(sessionId)}/resume`, {}), { sessionId });
  const terminate = (person: Person, sessionId: string) =>
    call(
      routes.session.DELETE,
      asActor(person),
      new Request(`${ORIGIN}/api/sessions/${encodeURIComponent(sessionId)}`, {
        method: "DELETE",
        headers: { origin: ORIGIN, "sec-fetch-site": "same-origin" },
      }),
      { sessionId },
    );

  it("refuses Production to Dana from its tags as AWS reports them, even when the request claims otherwise, and audits it", async () => {
    const before = countCalls(aws, "ssm", "StartSession");
    const error = await refusal(open(DANA, { ...PROD, reason: "hotfix", tags: { Name: "Develop" } }));
    expect(error).toMatchObject({ status: 403, error: "not-granted" });
    expect(error.message).toMatch(/account 333333333333/);
    expect(countCalls(aws, "ssm", "StartSession")).toBe(before);
    const [event] = await audits();
    expect(event).toMatchObject({
      action: "shell.open",
      outcome: "denied",
      actorEmail: "dana@example.com",
      accountId: PROD.accountId,
      instanceId: PROD.instanceId,
      reason: "hotfix",
      sourceIp: META.sourceIp,
    });
  });

  it.each([
    ["a malformed instance id", { ...DEV, instanceId: "i-xyz; rm -rf /" }, 400, "invalid-input", /^Invalid instanceId: expected an instance id/],
    ["an instance id of 10,000 characters", { ...DEV, instanceId: `i-${"0".repeat(10_000)}`, reason: "x" }, 400, "invalid-input", /^Invalid instanceId: /],
    ["a nested array for the account", { ...DEV, accountId: [[["444444444444"]]], reason: "x" }, 400, "invalid-input", /^Invalid accountId: .*got an array/],
    ["a reason that is not text", { ...DEV, reason: { why: "x" } }, 400, "invalid-input", /^Invalid reason: expected the reason as text/],
    ["an unknown instance", { ...DEV, instanceId: "i-0b0000000000000ff", reason: "x" }, 404, "unknown-instance", /not a managed node in account 444444444444/],
    ["an account outside the organization", { ...DEV, accountId: "999999999999", reason: "x" }, 404, "unknown-account", /not in the organization/],
    ["a region Gatehouse does not use", { ...DEV, region: "ap-south-1", reason: "x" }, 400, "invalid-input", /does not reach region ap-south-1/],
    [
      "the untagged hybrid node",
      { accountId: "555555555555", region: "us-east-1", instanceId: "mi-0c000000000000002", reason: "x" },
      403,
      "not-granted",
      /Name/,
    ],
    ["a permitted instance without the required reason", DEV, 403, "reason-required", /requires a reason/],
  ])("refuses %s with a clear message and one storable audit record", async (_what, body, status, code, message) => {
    const before = countCalls(aws, "ssm", "StartSession");
    const error = await refusal(open(DANA, body));
    expect(error).toMatchObject({ status, error: code });
    expect(error.message).toMatch(message);
    expect(error.message.length).toBeLessThan(400);
    const events = await audits();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "shell.open", outcome: "denied", actorEmail: "dana@example.com", sourceIp: META.sourceIp });
    expect(events[0]!.detail).toContain(`${code}: `);
    expect(events[0]!.instanceId?.length ?? 0).toBeLessThanOrEqual(64);
    expect(events[0]!.accountId?.length ?? 0).toBeLessThanOrEqual(32);
    expect(countCalls(aws, "ssm", "StartSession")).toBe(before);
  });

  it("writes the allowed record before StartSession: a failing StartSession leaves allowed then error", async () => {
    aws.faults.add({ kind: "throttle", service: "ssm", operation: "StartSession" });
    const error = await refusal(open(DANA, { ...DEV, reason: "debug" }));
    expect(error).toMatchObject({ status: 503, error: "aws-throttled", retryable: true });
    expect((await audits()).map((e) => e.outcome)).toEqual(["allowed", "error"]);
    expect(await db.shellSession.count({ where: { reason: "debug" } })).toBe(0);
  });

  it("says TargetNotConnected for a lost instance, with a retry hint", async () => {
    const error = await refusal(open(DANA, { accountId: "555555555555", region: "us-east-1", instanceId: "i-0c000000000000003", reason: "debug" }));
    expect(error).toMatchObject({ status: 409, error: "target-not-connected", retryable: true });
    expect((await audits()).map((e) => e.outcome)).toEqual(["allowed", "error"]);
  });

  it("starts a session as Dana's own Developer role; the stream URL and token open a real shell", async () => {
    const stream = await opens(DANA, { ...DEV, reason: "check the logs" });
    expect(Object.keys(stream).sort()).toEqual(["sessionId", "streamUrl", "tokenValue"]);
    expect(stream.sessionId).toMatch(/^dana@example\.com-/);
    const record = aws.registry.get(stream.sessionId)!;
    expect(record).toMatchObject({
      target: DEV.instanceId,
      ownerArn: "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com",
      reason: "check the logs",
    });

    const events = await audits();
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["shell.open", "allowed"],
      ["shell.open", "issued"],
    ]);
    expect(events[0]).toMatchObject({
      profileId: "developer",
      roleName: "Developer",
      reason: "check the logs",
      instanceId: DEV.instanceId,
      sessionId: null,
      via: "browser-session",
    });
    expect(events[0]!.detail).toContain("developer");
    // The issued record names the session AWS started, and the session's own row was written with it.
    expect(events[1]).toMatchObject({
      sessionId: stream.sessionId,
      profileId: "developer",
      roleName: "Developer",
      instanceId: DEV.instanceId,
      sourceIp: META.sourceIp,
    });
    expect(events[1]!.detail).toContain("StartSession answered");
    expect(await db.shellSession.findUnique({ where: { sessionId: stream.sessionId } })).toMatchObject({
      userSub: DANA.sub,
      roleName: "Developer",
      reason: "check the logs",
      status: "Connecting",
    });
    expect(JSON.stringify(events)).not.toContain(stream.tokenValue);

    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    try {
      await shell.waitForOutput(`${DEV.instanceId}$ `);
      expect(await shell.run("echo hello", /\nhello\n/)).toContain("hello");
    } finally {
      shell.session.close();
    }
  });

  it("resumes a dropped session for its owner only, carrying on the same shell", async () => {
    const stream = await opens(DANA, { ...DEV, reason: "resume test" });
    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    try {
      await shell.run("export MARK=kept-$((40+2))", /\$ $/);
      aws.gateway!.disconnect(stream.sessionId);
      await waitFor("the drop", () => shell.disconnects.length > 0);

      const stranger = await refusal(resume(ADA, stream.sessionId));
      expect(stranger).toMatchObject({ status: 403, error: "not-owner" });

      const fresh = await granted<Stream>(resume(DANA, stream.sessionId));
      expect(fresh.sessionId).toBe(stream.sessionId);
      expect(fresh.tokenValue).not.toBe(stream.tokenValue);
      shell.session.reconnect(fresh.tokenValue, fresh.streamUrl);
      expect(await shell.run("echo $MARK", /kept-42\n/)).toContain("kept-42");
      const resumes = (await audits()).filter((e) => e.action === "shell.resume");
      expect(resumes.map((e) => [e.actorEmail, e.outcome])).toEqual([
        ["ada@example.com", "denied"],
        ["dana@example.com", "allowed"],
        ["dana@example.com", "issued"],
      ]);
      expect(resumes.every((e) => e.sessionId === stream.sessionId && e.instanceId === DEV.instanceId)).toBe(true);
      expect(resumes[0]!.detail).toMatch(/^not-owner: /);
      expect(resumes[2]!.detail).toContain("ResumeSession answered");
    } finally {
      shell.session.close();
    }
  });

  it("lets the owner or an administrator terminate, not anyone else; the shell sees it end", async () => {
    const stream = await opens(DANA, { ...DEV, reason: "terminate test" });
    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    await shell.waitForOutput("$ ");
    expect(await refusal(terminate(NORA, stream.sessionId))).toMatchObject({ status: 403, error: "not-owner" });
    expect(await granted(terminate(ADA, stream.sessionId))).toEqual({ sessionId: stream.sessionId, alreadyEnded: false });
    await waitFor("channel_closed", () => shell.closed.length > 0);
    expect(aws.registry.get(stream.sessionId)!.status).toBe("Terminated");
    expect(await db.shellSession.findUnique({ where: { sessionId: stream.sessionId } })).toMatchObject({ status: "Terminated", endedAt: expect.any(Date) });
    expect(await refusal(resume(DANA, stream.sessionId))).toMatchObject({ status: 410, error: "session-ended" });
    expect((await audits()).filter((e) => e.action === "shell.resume").map((e) => [e.actorEmail, e.outcome])).toEqual([["dana@example.com", "denied"]]);
    const terminations = (await audits()).filter((e) => e.action === "shell.terminate").map((e) => [e.actorEmail, e.outcome, e.roleName]);
    expect(terminations).toEqual([
      ["nora@example.com", "denied", "Developer"],
      ["ada@example.com", "allowed", "Admin"],
    ]);
  });

  it("refuses unknown and malformed session ids on resume and terminate, with an audit record", async () => {
    expect(await refusal(resume(DANA, "dana@example.com-0123456789abcdef0"))).toMatchObject({ status: 404, error: "unknown-session" });
    expect(await refusal(terminate(DANA, "../../etc/passwd"))).toMatchObject({ status: 404, error: "unknown-session" });
    // Too long to be a session id: refused by the route before the service, and still audited under shell.resume.
    const long = await refusal(resume(DANA, "x".repeat(300)));
    expect(long).toMatchObject({ status: 400, error: "invalid-input" });
    expect(long.message).toMatch(/^Invalid sessionId: expected a session id/);
    const events = await audits();
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["shell.resume", "denied"],
      ["shell.terminate", "denied"],
      ["shell.resume", "denied"],
    ]);
    expect(events[0]!.detail).toMatch(/^unknown-session: /);
    expect(events[1]).toMatchObject({ sessionId: "../../etc/passwd" });
    expect(events[2]!.detail).toMatch(/^invalid-input: /);
    expect(events[2]!.sessionId!.length).toBeLessThanOrEqual(128);
  });

  it("lists Dana's own sessions with live status, and everyone's for Ada", async () => {
    const stream = await opens(DANA, { ...DEV, reason: "listing test" });
    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    await shell.waitForOutput("$ ");
    const mine = await listShellSessions({ actor: asActor(DANA) });
    expect(mine).toMatchObject({ isAdmin: false, everyone: false, problems: [] });
    const live = mine.sessions.find((s) => s.sessionId === stream.sessionId)!;
    expect(live).toMatchObject({ status: "Connected", statusFromAws: true, canTerminate: true, mine: true, accountName: "API Dev", reason: "listing test" });
    expect(mine.sessions.every((s) => s.userEmail === "dana@example.com")).toBe(true);

    await shell.run("exit", /exit/).catch(() => undefined);
    await waitFor("the shell to exit", () => shell.closed.length > 0);
    const everyone = await listShellSessions({ actor: asActor(ADA) });
    expect(everyone).toMatchObject({ isAdmin: true, everyone: true });
    const ended = everyone.sessions.find((s) => s.sessionId === stream.sessionId)!;
    expect(ended).toMatchObject({ status: "Terminated", statusFromAws: true, canTerminate: false, mine: false, userEmail: "dana@example.com" });
    expect(ended.details).toMatch(/shell exited/);
    expect((await db.shellSession.findUnique({ where: { sessionId: stream.sessionId } }))!.endedAt).not.toBeNull();
    expect((await listShellSessions({ actor: asActor(NORA) })).sessions).toEqual([]);
    // Through GET /api/sessions: an administrator's own scope holds only their own sessions.
    const adaOwn = await granted<{ sessions: unknown[]; isAdmin: boolean; everyone: boolean }>(
      call(routes.sessions.GET, asActor(ADA), getRequest("/api/sessions", { scope: "mine" })),
    );
    expect(adaOwn).toMatchObject({ sessions: [], isAdmin: true, everyone: false });
    const adaAll = await granted<{ sessions: Array<{ sessionId: string }> }>(call(routes.sessions.GET, asActor(ADA), getRequest("/api/sessions")));
    expect(adaAll.sessions.map((s) => s.sessionId)).toContain(stream.sessionId);
  });
});
