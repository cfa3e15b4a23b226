import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket } from "ws";
import {
  buildOpenDataChannelMessage,
  decodeClientMessage,
  encodeClientMessage,
  MessageType,
  parseAcknowledgePayload,
  PayloadType,
  randomUuid,
  type ClientMessage,
} from "@/lib/ssm/codec";
import { encodeAcknowledgeFrame } from "@/lib/ssm/frames";
import { SessionDoesNotExistError } from "@/sandbox/aws/gateway/session-registry";
import { DANA, openShell, plain, startHarness, waitFor, type Harness } from "@/sandbox/aws/gateway/test-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("a shell through the sandbox message gateway", () => {
  it("runs commands in the instance's throwaway home with its prompt", async () => {
    const shell = openShell(h.registry.start(DANA));
    await shell.waitForOutput("i-0b000000000000001$ ");
    expect(shell.session.state).toBe("open");
    expect(h.registry.get(shell.sessionId)?.status).toBe("Connected");
    const out = await shell.run("echo hello", /\nhello\n/);
    expect(out.split("\n")).toContain("hello");
    const readme = await shell.run("cat README.txt; pwd", /instances\/i-0b000000000000001\n/);
    expect(readme).toContain("This is Gatehouse sandbox instance i-0b000000000000001");
    expect(existsSync(path.join(h.rootDir, "instances", "i-0b000000000000001", "README.txt"))).toBe(true);
    const info = h.gateway.liveSessionInfo(shell.sessionId);
    expect(info?.attached).toBe(true);
    expect(info?.backend).toBe(process.env.GATEHOUSE_NODE_PTY_PATH ? "node-pty" : info?.backend);
    shell.session.close();
  });

  it("speaks the wire format: output seq 0 with SYN, acknowledgements quoting the input's id", async () => {
    const credentials = h.registry.start(DANA);
    const ws = new WsWebSocket(credentials.StreamUrl);
    const frames: ClientMessage[] = [];
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const frame = decodeClientMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      frames.push(frame);
      if (frame.messageType === MessageType.OutputStreamData) ws.send(encodeAcknowledgeFrame(frame));
    });
    await once(ws, "open");
    ws.send(buildOpenDataChannelMessage({ tokenValue: credentials.TokenValue, clientId: randomUuid(), clientVersion: "1.2.0.0" }));
    await waitFor("first output", () => frames.length > 0);
    expect(frames[0]).toMatchObject({
      headerLength: 116,
      messageType: "output_stream_data",
      schemaVersion: 1,
      sequenceNumber: 0,
      flags: 1,
      payloadType: PayloadType.Output,
    });
    expect(Math.abs(frames[0]!.createdDate - Date.now())).toBeLessThan(60_000);

    const input = encodeClientMessage({
      messageType: MessageType.InputStreamData,
      sequenceNumber: 0,
      payloadType: PayloadType.Output,
      payload: new TextEncoder().encode("echo raw-$((1+2))\r"),
    });
    ws.send(input);
    const text = () =>
      frames
        .filter((f) => f.messageType === "output_stream_data")
        .map((f) => Buffer.from(f.payload).toString())
        .join("");
    await waitFor("command output", () => plain(text()).includes("\nraw-3\n"));
    const ack = frames.find((f) => f.messageType === MessageType.Acknowledge)!;
    expect([ack.sequenceNumber, ack.flags, ack.payloadType]).toEqual([0, 3, 0]);
    expect(parseAcknowledgePayload(ack.payload)).toEqual({
      AcknowledgedMessageType: "input_stream_data",
      AcknowledgedMessageId: decodeClientMessage(input).messageId,
      AcknowledgedMessageSequenceNumber: 0,
      IsSequentialMessage: true,
    });
    const sequence = frames.filter((f) => f.messageType === "output_stream_data").map((f) => f.sequenceNumber);
    expect(sequence).toEqual(sequence.map((_, i) => i));
    ws.close();
  });

  it("applies a Size payload to the pty", async () => {
    const shell = openShell(h.registry.start(DANA));
    await shell.waitForOutput("$ ");
    shell.session.resize(100, 30);
    const out = await shell.run("stty size", /\n30 100\n/);
    expect(out).toMatch(/\n30 100\n/);
    shell.session.close();
  });

  it("ends with channel_closed when the shell exits, logs a transcript, and moves to History", async () => {
    const credentials = h.registry.start({ ...DANA, reason: "transcript check" });
    const shell = openShell(credentials);
    await shell.run("echo transcript-$((40+2))", "transcript-42");
    shell.session.sendInput("exit\r");
    await waitFor("channel_closed", () => shell.closed.length === 1);
    expect(shell.session.state).toBe("closed");
    expect(shell.disconnects).toEqual([]);
    const record = h.registry.get(credentials.SessionId)!;
    expect(record.status).toBe("Terminated");
    const history = h.registry.describe({ state: "History", accountId: "444444444444", region: "us-east-1" });
    expect(history.find((s) => s.SessionId === credentials.SessionId)).toMatchObject({
      Target: "i-0b000000000000001",
      Status: "Terminated",
      Owner: DANA.ownerArn,
      Reason: "transcript check",
      DocumentName: "SSM-SessionManagerRunShell",
    });
    expect(h.registry.describe({ state: "Active" }).map((s) => s.SessionId)).not.toContain(credentials.SessionId);
    const file = h.gateway.transcriptPath(credentials.SessionId)!;
    await waitFor("transcript end line", () => readFileSync(file, "utf8").includes("session ended"));
    const transcript = readFileSync(file, "utf8");
    expect(transcript).toContain(`session ${credentials.SessionId} started`);
    expect(transcript).toContain("transcript-42");
    expect(transcript).toMatch(/session ended: shell exited with code 0/);
  });

  it("TerminateSession closes the channel with a message and kills the shell", async () => {
    const credentials = h.registry.start(DANA);
    const shell = openShell(credentials);
    await shell.waitForOutput("$ ");
    expect(h.gateway.liveSessionIds()).toContain(credentials.SessionId);
    h.registry.terminate(credentials.SessionId);
    await waitFor("channel_closed", () => shell.closed.length === 1);
    expect(shell.closed[0]!.output).toMatch(/terminated/);
    expect(h.registry.get(credentials.SessionId)?.status).toBe("Terminated");
    expect(h.gateway.liveSessionIds()).not.toContain(credentials.SessionId);
    expect(() => h.registry.resume(credentials.SessionId)).toThrow(SessionDoesNotExistError);
  });

  it("refuses a wrong token and a token that was already used", async () => {
    const credentials = h.registry.start(DANA);
    const wrong = openShell({ ...credentials, TokenValue: "not-the-token" });
    await waitFor("refusal", () => wrong.disconnects.length === 1);
    expect(wrong.disconnects[0]).toMatchObject({ code: 1008, refused: true });
    expect(h.registry.get(credentials.SessionId)?.status).toBe("Connecting");

    const right = openShell(credentials);
    await right.waitForOutput("$ ");
    const replay = openShell(credentials);
    await waitFor("refusal of a used token", () => replay.disconnects.length === 1);
    expect(replay.disconnects[0]).toMatchObject({ code: 1008, refused: true });
    await right.run("echo still-here", /\nstill-here\n/);
    right.session.close();
  });

  it("delivers `seq 1 2000` complete and in order while frames are dropped, duplicated and reordered", async () => {
    const shell = openShell(h.registry.start(DANA));
    await shell.waitForOutput("$ ");
    const before = { ...h.gateway.faultStats };
    h.gateway.setGatewayFaults({ drop: 0.2, duplicate: 0.2, reorder: 0.2, seed: 20261128 });
    try {
      await shell.run("seq 1 2000; echo DONE-$((1+1))", /\nDONE-2\n/, 45_000);
    } finally {
      h.gateway.setGatewayFaults(null);
    }
    const lines = plain(shell.output()).split("\n");
    const start = lines.indexOf("1");
    const end = lines.indexOf("DONE-2");
    expect(lines.slice(start, end)).toEqual(Array.from({ length: 2000 }, (_, i) => String(i + 1)));
    // The faults must really have hit this traffic (how many of each kind depends on pty chunking).
    const stats = h.gateway.faultStats;
    expect(stats.sent - before.sent).toBeGreaterThan(10);
    const hits = stats.dropped + stats.duplicated + stats.reordered - (before.dropped + before.duplicated + before.reordered);
    expect(hits).toBeGreaterThan(2);
    // Input went through the same faults (acks dropped): it must still have run exactly once.
    expect(lines.filter((l) => l === "DONE-2")).toHaveLength(1);
    shell.session.close();
  });

  it("continues the same shell after a disconnect, ResumeSession and reconnect", async () => {
    const credentials = h.registry.start(DANA);
    const shell = openShell(credentials);
    await shell.run("export GH_MARK=kept-$((6*7)); echo pid=$$", /pid=\d+\n/);
    const pid = /pid=(\d+)/.exec(plain(shell.output()))![1];

    expect(h.gateway.disconnect(credentials.SessionId)).toBe(true);
    await waitFor("disconnect", () => shell.disconnects.length === 1);
    expect(shell.disconnects[0]!.refused).toBe(false);
    await waitFor("Disconnected status", () => h.registry.get(credentials.SessionId)?.status === "Disconnected");
    expect(h.registry.describe({ state: "Active" }).find((s) => s.SessionId === credentials.SessionId)?.Status).toBe("Disconnected");

    // Typed while disconnected: held by the client channel and delivered after the reconnect.
    shell.session.sendInput("echo typed-while-away\r");
    const resumed = h.registry.resume(credentials.SessionId);
    expect(resumed.SessionId).toBe(credentials.SessionId);
    expect(resumed.TokenValue).not.toBe(credentials.TokenValue);
    shell.session.reconnect(resumed.TokenValue, resumed.StreamUrl);
    await shell.waitForOutput(/\ntyped-while-away\n/);
    const out = await shell.run("echo $GH_MARK pid=$$", /kept-42 pid=\d+\n/);
    expect(out).toContain(`kept-42 pid=${pid}`);
    expect(h.registry.get(credentials.SessionId)?.status).toBe("Connected");
    shell.session.close();
  });
});
