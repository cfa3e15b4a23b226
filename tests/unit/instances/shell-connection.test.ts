import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SocketEvent, WebSocketLike } from "@/lib/ssm/browser-session";
import { encodeClientMessage, MessageType, PayloadType } from "@/lib/ssm/codec";
import { encodeChannelClosedFrame } from "@/lib/ssm/frames";
import type { ResumeAnswer } from "@/lib/shell/shell-api";
import { ShellConnection, type ShellConnectionOptions, type ShellPhase } from "@/lib/shell/shell-connection";

// The terminal's connection logic: a dropped socket is resumed and reconnected on its own with backoff, and every
// way it can stop ends in a phase the page explains (never a silent, frozen terminal).

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  binaryType = "blob";
  sentText: string[] = [];
  private listeners = new Map<string, ((event: SocketEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string | ArrayBuffer | Uint8Array): void {
    if (typeof data === "string") this.sentText.push(data);
  }
  close(): void {}
  addEventListener(type: string, listener: (event: SocketEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, event: SocketEvent = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, ...event });
  }
  deliver(frame: Uint8Array): void {
    this.fire("message", { data: frame.slice().buffer });
  }
  token(): string {
    return JSON.parse(this.sentText[0]!).TokenValue;
  }
}

const output = (seq: number, text: string) =>
  encodeClientMessage({
    messageType: MessageType.OutputStreamData,
    sequenceNumber: seq,
    flags: seq === 0 ? 1 : 0,
    payloadType: PayloadType.Output,
    payload: new TextEncoder().encode(text),
  });

const credentials = { sessionId: "dana@example.com-0123456789abcdef0", streamUrl: "ws://gw/v1/data-channel/s?role=publish_subscribe", tokenValue: "token-0" };
const last = () => FakeSocket.all.at(-1)!;

function connect(resume: (id: string) => Promise<ResumeAnswer>, options: Partial<ShellConnectionOptions> = { maxAttempts: 3 }) {
  FakeSocket.all = [];
  const phases: ShellPhase[] = [];
  const seen: string[] = [];
  const connection = new ShellConnection({ credentials, resume, WebSocket: FakeSocket, random: () => 0.5, networkEvents: null, ...options });
  connection.on("phase", (phase) => phases.push(phase));
  connection.on("output", (bytes) => seen.push(new TextDecoder().decode(bytes)));
  connection.start();
  last().fire("open");
  return { connection, phases, seen };
}

let tokens = 0;
const resumeOk = vi.fn(async (): Promise<ResumeAnswer> => ({
  ok: true,
  credentials: { ...credentials, tokenValue: `token-${++tokens}`, streamUrl: `${credentials.streamUrl}&n=${tokens}` },
}));

beforeEach(() => {
  vi.useFakeTimers();
  tokens = 0;
  resumeOk.mockClear();
});
afterEach(() => vi.useRealTimers());

describe("ShellConnection", () => {
  it("is open once the shell speaks, and passes its output on", () => {
    const { connection, seen } = connect(resumeOk);
    expect(connection.phase.kind).toBe("connecting");
    last().deliver(output(0, "$ "));
    expect(connection.phase.kind).toBe("open");
    expect(seen).toEqual(["$ "]);
  });

  it("resumes and reconnects the same session after a drop, then counts it as open again", async () => {
    const { connection, phases } = connect(resumeOk);
    last().deliver(output(0, "$ "));
    last().fire("close", { code: 1006 });
    expect(connection.phase).toEqual({ kind: "reconnecting", attempt: 1, nextTryAt: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(resumeOk).toHaveBeenCalledWith(credentials.sessionId);
    expect(FakeSocket.all).toHaveLength(2);
    expect(last().url).toBe(`${credentials.streamUrl}&n=1`);
    last().fire("open");
    expect(last().token()).toBe("token-1");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(connection.phase.kind).toBe("open");
    expect(phases.map((p) => p.kind)).toEqual(["open", "reconnecting", "open"]);
  });

  it("retries a refused first connection (expired token) with a fresh token", async () => {
    const { connection, seen } = connect(resumeOk);
    last().fire("close", { code: 1008, reason: "invalid or expired token" });
    expect(connection.phase.kind).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(500);
    last().fire("open");
    last().deliver(output(0, "$ "));
    expect(connection.phase.kind).toBe("open");
    expect(seen).toEqual(["$ "]);
  });

  it("gives up after the allowed attempts with a Retry, and Retry starts over", async () => {
    const { connection } = connect(resumeOk);
    last().deliver(output(0, "$ "));
    for (let attempt = 1; attempt <= 3; attempt++) {
      last().fire("close", { code: 1006 });
      await vi.advanceTimersByTimeAsync(5_000);
      last().fire("open");
    }
    last().fire("close", { code: 1008 });
    expect(connection.phase).toMatchObject({ kind: "failed", canRetry: true });
    expect((connection.phase as { message: string }).message).toMatch(/refused/);
    connection.retry();
    expect(connection.phase).toEqual({ kind: "reconnecting", attempt: 1, nextTryAt: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(resumeOk).toHaveBeenCalledTimes(4);
  });

  it("ends when Gatehouse says the session cannot be resumed", async () => {
    const ended = vi.fn(async (): Promise<ResumeAnswer> => ({ ok: false, final: true, message: "This session has ended; it cannot be resumed." }));
    const { connection } = connect(ended);
    last().deliver(output(0, "$ "));
    last().fire("close", { code: 1006 });
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.phase).toEqual({
      kind: "ended",
      lost: true,
      message: "This shell can no longer be resumed: This session has ended; it cannot be resumed.",
    });
    connection.sendInput("ls\r");
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("keeps trying through temporary resume failures, then fails with the reason", async () => {
    const down = vi.fn(async (): Promise<ResumeAnswer> => ({ ok: false, final: false, message: "AWS could not be reached." }));
    const { connection } = connect(down);
    last().deliver(output(0, "$ "));
    last().fire("close", { code: 1006 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(down).toHaveBeenCalledTimes(3);
    expect(connection.phase).toEqual({ kind: "failed", canRetry: true, message: "Could not reconnect: AWS could not be reached." });
  });

  it("shows the end of the session when the service closes the channel (exit, TerminateSession)", async () => {
    const { connection } = connect(resumeOk);
    last().deliver(output(0, "$ "));
    last().deliver(encodeChannelClosedFrame({ sessionId: credentials.sessionId, output: "Session was terminated." }));
    expect(connection.phase).toEqual({ kind: "ended", message: "Session was terminated." });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(resumeOk).not.toHaveBeenCalled();
  });

  it("keeps trying with backoff (0.5 s doubling to 10 s) for as long as the session can be resumed, not a fixed count", async () => {
    const down = vi.fn(async (): Promise<ResumeAnswer> => ({ ok: false, final: false, message: "Gatehouse could not be reached." }));
    const { connection } = connect(down, {});
    last().deliver(output(0, "$ "));
    last().fire("close", { code: 1006 });
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const phase = connection.phase as Extract<ShellPhase, { kind: "reconnecting" }>;
      expect(phase).toMatchObject({ kind: "reconnecting", attempt: i + 1 });
      waits.push(phase.nextTryAt === null ? 0 : phase.nextTryAt - Date.now());
      await vi.advanceTimersByTimeAsync(waits.at(-1)!);
    }
    // random() = 0.5 draws three quarters of the doubled delay.
    expect(waits).toEqual([0, 375, 750, 1500, 3000, 6000, 7500, 7500, 7500, 7500, 7500, 7500]);
    expect(connection.phase.kind).toBe("reconnecting");
  });

  it("the browser's online event makes a waiting reconnect try at once", async () => {
    const network = new EventTarget();
    let offline = true;
    const resume = vi.fn(async (_id: string): Promise<ResumeAnswer> =>
      offline ? { ok: false, final: false, message: "Gatehouse could not be reached." } : resumeOk(),
    );
    const { connection } = connect(resume, { networkEvents: network });
    last().deliver(output(0, "$ "));
    last().fire("close", { code: 1006 });
    await vi.advanceTimersByTimeAsync(2_000);
    const waiting = connection.phase as Extract<ShellPhase, { kind: "reconnecting" }>;
    expect(waiting.kind).toBe("reconnecting");
    expect(waiting.nextTryAt).toBeGreaterThan(Date.now());
    const before = resume.mock.calls.length;
    offline = false;
    network.dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    expect(resume).toHaveBeenCalledTimes(before + 1);
    last().fire("open");
    last().deliver(output(1, "back"));
    expect(connection.phase.kind).toBe("open");
  });

  it("Try now skips the wait; a second press while that attempt runs does nothing", async () => {
    let answer: (value: ResumeAnswer) => void = () => undefined;
    const pending = vi.fn(() => new Promise<ResumeAnswer>((resolve) => (answer = resolve)));
    const { connection } = connect(pending, {});
    last().deliver(output(0, "$ "));
    last().fire("close", { code: 1006 });
    await vi.advanceTimersByTimeAsync(0);
    answer({ ok: false, final: false, message: "offline" });
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.phase).toMatchObject({ kind: "reconnecting", attempt: 2 });
    connection.tryNow();
    connection.tryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(pending).toHaveBeenCalledTimes(2);
    expect(connection.phase).toEqual({ kind: "reconnecting", attempt: 2, nextTryAt: null });
  });

  it("says the shell can no longer be resumed once the resumable time since it last worked has passed", async () => {
    const down = vi.fn(async (): Promise<ResumeAnswer> => ({ ok: false, final: false, message: "offline" }));
    const { connection } = connect(down, { resumableForMs: 60_000 });
    last().deliver(output(0, "$ "));
    last().fire("close", { code: 1006 });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(connection.phase.kind).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(12_000);
    expect(connection.phase).toMatchObject({ kind: "ended", lost: true });
    expect((connection.phase as { message: string }).message).toMatch(/can no longer be resumed/);
    const calls = down.mock.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(down).toHaveBeenCalledTimes(calls);
  });
});
