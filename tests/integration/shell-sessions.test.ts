import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { openShell as connectShell, waitFor } from "@/sandbox/aws/gateway/test-harness";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { ADA, consoleEnvironment, countCalls, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// "Open shell" end to end on PostgreSQL and PGlite: access is decided from the instance's tags as AWS reports them,
// the audit record is written before StartSession, the session is started with the user's own role, and the
// StreamUrl/TokenValue answer opens a real shell through lib/ssm's BrowserSession over `ws`. Then resume,
// terminate and the sessions listing.

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

type ApiErrorLike = { status: number; code: string; message: string };
async function refusal(promise: Promise<unknown>): Promise<ApiErrorLike> {
  try {
    await promise;
  } catch (error) {
    return error as ApiErrorLike;
  }
  throw new Error("expected a refusal");
}

describe.each(DATABASE_KINDS)("shells on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let svc: typeof import("@/lib/instances/open-shell") & typeof import("@/lib/instances/session-control") & typeof import("@/lib/instances/list-sessions");

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1" }));
    db = connectTestDatabase(database.url);
    vi.resetModules();
    svc = { ...(await import("@/lib/instances/open-shell")), ...(await import("@/lib/instances/session-control")), ...(await import("@/lib/instances/list-sessions")) };
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
  const open = (user: typeof DANA, body: unknown) => svc.openShell({ user, body, meta: META });

  it("refuses Production to Dana from its tags as AWS reports them, even when the request claims otherwise, and audits it", async () => {
    const before = countCalls(aws, "ssm", "StartSession");
    const error = await refusal(open(DANA, { ...PROD, reason: "hotfix", tags: { Name: "Develop" } }));
    expect(error).toMatchObject({ status: 403, code: "not-granted" });
    expect(error.message).toMatch(/account 333333333333/);
    expect(countCalls(aws, "ssm", "StartSession")).toBe(before);
    const [event] = await audits();
    expect(event).toMatchObject({ action: "shell.open", outcome: "denied", actorEmail: "dana@example.com", accountId: PROD.accountId, instanceId: PROD.instanceId, reason: "hotfix", sourceIp: META.sourceIp });
  });

  it.each([
    ["a malformed instance id", { ...DEV, instanceId: "i-xyz; rm -rf /" }, 400, "invalid-input", /instanceId: expected an instance id/],
    ["an unknown instance", { ...DEV, instanceId: "i-0b0000000000000ff", reason: "x" }, 404, "unknown-instance", /not a managed node in account 444444444444/],
    ["an account outside the organization", { ...DEV, accountId: "999999999999", reason: "x" }, 404, "unknown-account", /not in the organization/],
    ["a region Gatehouse does not use", { ...DEV, region: "ap-south-1", reason: "x" }, 400, "unknown-region", /does not reach region ap-south-1/],
    ["the untagged hybrid node", { accountId: "555555555555", region: "us-east-1", instanceId: "mi-0c000000000000002", reason: "x" }, 403, "not-granted", /Name/],
    ["a permitted instance without the required reason", DEV, 400, "reason-required", /requires a reason/],
  ])("refuses %s with a clear message and an audit record", async (_what, body, status, code, message) => {
    const error = await refusal(open(DANA, body));
    expect(error).toMatchObject({ status, code });
    expect(error.message).toMatch(message);
    const [event] = await audits();
    expect(event).toMatchObject({ action: "shell.open", outcome: "denied" });
    expect(event!.detail).toContain(code);
  });

  it("writes the allowed record before StartSession: a failing StartSession leaves allowed then error", async () => {
    aws.faults.add({ kind: "throttle", service: "ssm", operation: "StartSession" });
    const error = await refusal(open(DANA, { ...DEV, reason: "debug" }));
    expect(error).toMatchObject({ status: 503, code: "aws-throttled" });
    expect((await audits()).map((e) => e.outcome)).toEqual(["allowed", "error"]);
  });

  it("says TargetNotConnected for a lost instance, with a retry hint", async () => {
    const error = await refusal(open(DANA, { accountId: "555555555555", region: "us-east-1", instanceId: "i-0c000000000000003", reason: "debug" }));
    expect(error).toMatchObject({ status: 409, code: "target-not-connected" });
    expect((await audits()).map((e) => e.outcome)).toEqual(["allowed", "error"]);
  });

  it("starts a session as Dana's own Developer role; the stream URL and token open a real shell", async () => {
    const stream = await open(DANA, { ...DEV, reason: "check the logs" });
    expect(Object.keys(stream).sort()).toEqual(["sessionId", "streamUrl", "tokenValue"]);
    expect(stream.sessionId).toMatch(/^dana@example\.com-/);
    const record = aws.registry.get(stream.sessionId)!;
    expect(record).toMatchObject({ target: DEV.instanceId, ownerArn: "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com", reason: "check the logs" });

    const events = await audits();
    expect(events.map((e) => e.outcome)).toEqual(["allowed", "issued"]);
    expect(events[0]).toMatchObject({ profileId: "developer", roleName: "Developer", reason: "check the logs", instanceId: DEV.instanceId });
    expect(events[1]!.sessionId).toBe(stream.sessionId);
    expect(await db.shellSession.findUnique({ where: { sessionId: stream.sessionId } })).toMatchObject({ userSub: DANA.sub, roleName: "Developer", reason: "check the logs", status: "Connecting" });

    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    try {
      await shell.waitForOutput(`${DEV.instanceId}$ `);
      expect(await shell.run("echo hello", /\nhello\n/)).toContain("hello");
    } finally {
      shell.session.close();
    }
  });

  it("resumes a dropped session for its owner only, carrying on the same shell", async () => {
    const stream = await open(DANA, { ...DEV, reason: "resume test" });
    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    try {
      await shell.run("export MARK=kept-$((40+2))", /\$ $/);
      aws.gateway!.disconnect(stream.sessionId);
      await waitFor("the drop", () => shell.disconnects.length > 0);

      const stranger = await refusal(svc.resumeShell({ user: ADA, sessionId: stream.sessionId, meta: META }));
      expect(stranger).toMatchObject({ status: 403, code: "not-owner" });

      const fresh = await svc.resumeShell({ user: DANA, sessionId: stream.sessionId, meta: META });
      expect(fresh.sessionId).toBe(stream.sessionId);
      expect(fresh.tokenValue).not.toBe(stream.tokenValue);
      shell.session.reconnect(fresh.tokenValue, fresh.streamUrl);
      expect(await shell.run("echo $MARK", /kept-42\n/)).toContain("kept-42");
      const outcomes = (await audits()).filter((e) => e.action === "shell.resume").map((e) => [e.actorEmail, e.outcome]);
      expect(outcomes).toEqual([
        ["ada@example.com", "denied"],
        ["dana@example.com", "allowed"],
      ]);
    } finally {
      shell.session.close();
    }
  });

  it("lets the owner or an administrator terminate, not anyone else; the shell sees it end", async () => {
    const stream = await open(DANA, { ...DEV, reason: "terminate test" });
    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    await shell.waitForOutput("$ ");
    expect(await refusal(svc.terminateShell({ user: NORA, sessionId: stream.sessionId, meta: META }))).toMatchObject({ status: 403, code: "not-owner" });
    expect(await svc.terminateShell({ user: ADA, sessionId: stream.sessionId, meta: META })).toEqual({ sessionId: stream.sessionId, alreadyEnded: false });
    await waitFor("channel_closed", () => shell.closed.length > 0);
    expect(aws.registry.get(stream.sessionId)!.status).toBe("Terminated");
    expect(await db.shellSession.findUnique({ where: { sessionId: stream.sessionId } })).toMatchObject({ status: "Terminated", endedAt: expect.any(Date) });
    expect(await refusal(svc.resumeShell({ user: DANA, sessionId: stream.sessionId, meta: META }))).toMatchObject({ status: 410, code: "session-ended" });
    const terminations = (await audits()).filter((e) => e.action === "session.terminate").map((e) => [e.actorEmail, e.outcome, e.roleName]);
    expect(terminations).toEqual([
      ["nora@example.com", "denied", "Developer"],
      ["ada@example.com", "allowed", "Admin"],
    ]);
  });

  it("lists Dana's own sessions with live status, and everyone's for Ada", async () => {
    const stream = await open(DANA, { ...DEV, reason: "listing test" });
    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    await shell.waitForOutput("$ ");
    const mine = await svc.listShellSessions({ user: DANA });
    expect(mine).toMatchObject({ isAdmin: false, everyone: false, problems: [] });
    const live = mine.sessions.find((s) => s.sessionId === stream.sessionId)!;
    expect(live).toMatchObject({ status: "Connected", statusFromAws: true, canTerminate: true, mine: true, accountName: "API Dev", reason: "listing test" });
    expect(mine.sessions.every((s) => s.userEmail === "dana@example.com")).toBe(true);

    await shell.run("exit", /exit/).catch(() => undefined);
    await waitFor("the shell to exit", () => shell.closed.length > 0);
    const everyone = await svc.listShellSessions({ user: ADA });
    expect(everyone).toMatchObject({ isAdmin: true, everyone: true });
    const ended = everyone.sessions.find((s) => s.sessionId === stream.sessionId)!;
    expect(ended).toMatchObject({ status: "Terminated", statusFromAws: true, canTerminate: false, mine: false, userEmail: "dana@example.com" });
    expect(ended.details).toMatch(/shell exited/);
    expect((await db.shellSession.findUnique({ where: { sessionId: stream.sessionId } }))!.endedAt).not.toBeNull();
    expect((await svc.listShellSessions({ user: NORA })).sessions).toEqual([]);
  });
});
