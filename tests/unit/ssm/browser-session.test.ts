import { describe, expect, it } from "vitest";
import { BrowserSession, type SocketEvent, type WebSocketLike } from "@/lib/ssm/browser-session";
import { decodeClientMessage, encodeClientMessage, MessageType, PayloadType, type ClientMessage } from "@/lib/ssm/codec";
import { encodeChannelClosedFrame } from "@/lib/ssm/frames";
import { FakeClock } from "./fake-clock";

/** A scripted stand-in for the browser's WebSocket. */
class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  binaryType = "blob";
  sentText: string[] = [];
  sentFrames: ClientMessage[] = [];
  closedWith: number | null = null;
  private listeners = new Map<string, ((event: SocketEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string | ArrayBuffer | Uint8Array): void {
    if (typeof data === "string") this.sentText.push(data);
    else this.sentFrames.push(decodeClientMessage(data instanceof Uint8Array ? data.slice() : data));
  }
  close(code?: number): void {
    this.closedWith = code ?? 1000;
  }
  addEventListener(type: string, listener: (event: SocketEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, event: SocketEvent = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, ...event });
  }
  deliver(frame: Uint8Array): void {
    this.fire("message", { data: frame.slice().buffer });
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

function open(tokenValue = "token-1") {
  FakeSocket.all = [];
  const session = new BrowserSession({
    streamUrl: "wss://ssmmessages.example/v1/data-channel/s-1?role=publish_subscribe",
    tokenValue,
    WebSocket: FakeSocket,
    clock: new FakeClock(),
  });
  session.connect();
  const socket = FakeSocket.all[0]!;
  socket.fire("open");
  return { session, socket };
}

describe("BrowserSession", () => {
  it("opens StreamUrl as given, asks for ArrayBuffers, and sends the opening JSON first", () => {
    const { socket } = open();
    expect(socket.url).toBe("wss://ssmmessages.example/v1/data-channel/s-1?role=publish_subscribe");
    expect(socket.binaryType).toBe("arraybuffer");
    expect(socket.sentText).toHaveLength(1);
    expect(JSON.parse(socket.sentText[0]!)).toMatchObject({ MessageSchemaVersion: "1.0", TokenValue: "token-1", ClientVersion: "1.0.0.0" });
  });

  it("shows output, acknowledges it, and sends typed input and resizes once the shell is there", () => {
    const { session, socket } = open();
    const seen: string[] = [];
    session.onOutput((bytes) => seen.push(new TextDecoder().decode(bytes)));
    session.resize(80, 24);
    session.sendInput("ls\r");
    expect(socket.sentFrames).toHaveLength(0); // held until the first output
    socket.deliver(output(0, "i-0c$ "));
    expect(seen).toEqual(["i-0c$ "]);
    const kinds = socket.sentFrames.map((m) => [m.messageType, m.sequenceNumber, m.payloadType]);
    expect(kinds).toEqual([
      ["acknowledge", 0, 0],
      ["input_stream_data", 0, PayloadType.Size],
      ["input_stream_data", 1, PayloadType.Output],
    ]);
    session.resize(80, 24); // unchanged: not sent again
    expect(socket.sentFrames).toHaveLength(3);
  });

  it("reconnects with the new token, the same ClientId, and resends unacknowledged input", () => {
    const { session, socket } = open();
    const disconnects: unknown[] = [];
    session.onDisconnected((d) => disconnects.push(d));
    socket.deliver(output(0, "$ "));
    session.sendInput("a");
    socket.fire("close", { code: 1006, reason: "" });
    expect(disconnects).toEqual([{ code: 1006, reason: "", refused: false }]);
    expect(session.state).toBe("disconnected");
    session.sendInput("b");

    session.reconnect("token-2");
    const second = FakeSocket.all[1]!;
    second.fire("open");
    const [first, again] = [JSON.parse(socket.sentText[0]!), JSON.parse(second.sentText[0]!)];
    expect(again.TokenValue).toBe("token-2");
    expect(again.ClientId).toBe(first.ClientId);
    expect(again.RequestId).not.toBe(first.RequestId);
    const inputs = second.sentFrames.filter((m) => m.messageType === "input_stream_data");
    expect(inputs.map((m) => [m.sequenceNumber, new TextDecoder().decode(m.payload)])).toEqual([
      [0, "a"],
      [1, "b"],
    ]);
    second.deliver(output(1, "more"));
    expect(second.sentFrames.at(-1)).toMatchObject({ messageType: "acknowledge" });
  });

  it("reports channel_closed once and closes its socket; a refused socket is flagged", () => {
    const { session, socket } = open();
    const closed: unknown[] = [];
    const disconnects: unknown[] = [];
    session.onClosed((c) => closed.push(c));
    session.onDisconnected((d) => disconnects.push(d));
    socket.deliver(encodeChannelClosedFrame({ sessionId: "s-1", output: "bye" }));
    socket.fire("close", { code: 1000, reason: "" });
    expect(closed).toEqual([{ output: "bye" }]);
    expect(disconnects).toEqual([]);
    expect(socket.closedWith).toBe(1000);
    expect(session.state).toBe("closed");

    const refused = open("expired");
    const info: unknown[] = [];
    refused.session.onDisconnected((d) => info.push(d));
    refused.socket.fire("close", { code: 1008, reason: "invalid or expired token" });
    expect(info).toEqual([{ code: 1008, reason: "invalid or expired token", refused: true }]);
  });
});
