import { afterEach, describe, expect, it } from "vitest";
import { SessionDoesNotExistError, SessionRegistry, type StartSessionParams } from "@/sandbox/aws/gateway/session-registry";

const params: StartSessionParams = {
  target: "i-0c000000000000001",
  accountId: "555555555555",
  region: "us-east-1",
  ownerArn: "arn:aws:sts::555555555555:assumed-role/Developer/dana",
  sessionNamePrefix: "dana",
  reason: "debugging",
};

let registry: SessionRegistry;
let now = 1_700_000_000_000;
const make = (extra: Partial<ConstructorParameters<typeof SessionRegistry>[0]> = {}) =>
  (registry = new SessionRegistry({ publicWsBase: "ws://localhost:4566/", now: () => now, ...extra }));
afterEach(() => registry.dispose());

describe("SessionRegistry", () => {
  it("starts a Connecting session with an AWS-shaped id, URL and token", () => {
    make();
    const started = registry.start(params);
    expect(started.SessionId).toMatch(/^dana-[0-9a-f]{17}$/);
    expect(started.StreamUrl).toBe(`ws://localhost:4566/v1/data-channel/${started.SessionId}?role=publish_subscribe`);
    expect(started.TokenValue.length).toBeGreaterThanOrEqual(64);
    expect(registry.findByToken(started.TokenValue)?.sessionId).toBe(started.SessionId);
    expect(registry.describe({ state: "Active" })).toEqual([
      {
        SessionId: started.SessionId,
        Target: "i-0c000000000000001",
        Status: "Connecting",
        StartDate: new Date(now),
        DocumentName: "SSM-SessionManagerRunShell",
        Owner: params.ownerArn,
        Reason: "debugging",
        AccessType: "Standard",
      },
    ]);
  });

  it("redeems a token once, only for its session and only before it expires", () => {
    make({ tokenTtlMs: 60_000 });
    const a = registry.start(params);
    const b = registry.start(params);
    expect(registry.redeemToken(b.SessionId, a.TokenValue)).toBe(false);
    expect(registry.redeemToken(a.SessionId, a.TokenValue)).toBe(true);
    expect(registry.redeemToken(a.SessionId, a.TokenValue)).toBe(false);
    now += 60_001;
    expect(registry.findByToken(b.TokenValue)).toBeUndefined();
    expect(registry.redeemToken(b.SessionId, b.TokenValue)).toBe(false);
  });

  it("resume issues a new token and revokes the old one; terminated sessions do not exist for it", () => {
    make();
    const started = registry.start(params);
    const resumed = registry.resume(started.SessionId);
    expect(resumed.SessionId).toBe(started.SessionId);
    expect(registry.redeemToken(started.SessionId, started.TokenValue)).toBe(false);
    expect(registry.redeemToken(started.SessionId, resumed.TokenValue)).toBe(true);
    registry.terminate(started.SessionId);
    expect(() => registry.resume(started.SessionId)).toThrow(SessionDoesNotExistError);
    expect(() => registry.resume("nobody-00000000000000000")).toThrow(expect.objectContaining({ name: "DoesNotExistException" }));
  });

  it("terminate ends the session, notifies listeners, and is idempotent", () => {
    make();
    const started = registry.start(params);
    const seen: string[] = [];
    registry.onTerminate((record, reason) => void seen.push(`${record.sessionId}:${reason}`));
    now += 5_000;
    expect(registry.terminate(started.SessionId)).toEqual({ SessionId: started.SessionId });
    expect(registry.terminate(started.SessionId)).toEqual({ SessionId: started.SessionId });
    expect(seen).toEqual([`${started.SessionId}:TerminateSession`]);
    const [ended] = registry.describe({ state: "History" });
    expect(ended).toMatchObject({ Status: "Terminated", EndDate: new Date(now), Details: "TerminateSession" });
    expect(() => registry.terminate("unknown-1")).toThrow(SessionDoesNotExistError);
  });

  it("tracks connection state from the gateway and abandons sessions nobody reconnects", () => {
    make({ abandonAfterMs: 60_000 });
    const started = registry.start(params);
    registry.markConnected(started.SessionId);
    expect(registry.get(started.SessionId)?.status).toBe("Connected");
    registry.markDisconnected(started.SessionId);
    expect(registry.get(started.SessionId)?.status).toBe("Disconnected");
    now += 30_000;
    registry.sweep();
    expect(registry.get(started.SessionId)?.status).toBe("Disconnected");
    now += 31_000;
    registry.sweep();
    expect(registry.get(started.SessionId)).toMatchObject({ status: "Terminated", endReason: "abandoned" });
  });

  it("describe filters by account, region and SSM SessionFilters", () => {
    make();
    const mine = registry.start(params);
    now += 1000;
    const other = registry.start({
      ...params,
      target: "i-0b000000000000001",
      accountId: "444444444444",
      ownerArn: "arn:aws:sts::444444444444:assumed-role/Admin/ada",
      sessionNamePrefix: "ada",
    });
    const ids = (list: { SessionId: string }[]) => list.map((s) => s.SessionId);
    expect(ids(registry.describe({ state: "Active" }))).toEqual([other.SessionId, mine.SessionId]);
    expect(ids(registry.describe({ state: "Active", accountId: "555555555555", region: "us-east-1" }))).toEqual([mine.SessionId]);
    expect(ids(registry.describe({ state: "Active", region: "eu-west-1" }))).toEqual([]);
    expect(ids(registry.describe({ state: "Active", filters: [{ key: "Owner", value: "Self" }], callerArn: params.ownerArn }))).toEqual([mine.SessionId]);
    expect(ids(registry.describe({ state: "Active", filters: [{ key: "Target", value: "i-0b000000000000001" }] }))).toEqual([other.SessionId]);
    expect(ids(registry.describe({ state: "Active", filters: [{ key: "InvokedAfter", value: new Date(now).toISOString() }] }))).toEqual([other.SessionId]);
  });
});
