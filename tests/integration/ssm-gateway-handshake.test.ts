import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket } from "ws";
import {
  ActionStatus,
  buildHandshakeResponsePayload,
  buildOpenDataChannelMessage,
  decodeClientMessage,
  encodeClientMessage,
  MessageType,
  parseChannelClosedPayload,
  parseHandshakeRequestPayload,
  PayloadType,
  randomUuid,
  type ClientMessage,
} from "@/lib/ssm/codec";
import { encodeAcknowledgeFrame } from "@/lib/ssm/frames";
import { DANA, openShell, startHarness, waitFor, type Harness } from "@/sandbox/aws/gateway/test-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ handshake: { customerMessage: "Welcome to the Gatehouse sandbox" } });
});
afterAll(async () => {
  await h?.close();
});

describe("gateway in handshake mode", () => {
  it("the client answers the handshake, shows the customer message, and held input arrives after it", async () => {
    const shell = openShell(h.registry.start(DANA));
    // Sent before the handshake: the agent would discard it, so the client must hold it until ready.
    shell.session.resize(120, 40);
    await shell.waitForOutput("i-0b000000000000001$ ");
    expect(shell.notices).toEqual(["Welcome to the Gatehouse sandbox"]);
    expect(shell.errors).toEqual([]);
    await shell.run("stty size", /\n40 120\n/);
    shell.session.close();
  });

  it("sends a Standard_Stream HandshakeRequest as seq 0 and fails the session when the client refuses", async () => {
    const credentials = h.registry.start(DANA);
    const ws = new WsWebSocket(credentials.StreamUrl);
    const frames: ClientMessage[] = [];
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) frames.push(decodeClientMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    });
    await once(ws, "open");
    ws.send(buildOpenDataChannelMessage({ tokenValue: credentials.TokenValue, clientId: randomUuid(), clientVersion: "1.2.0.0" }));
    await waitFor("handshake request", () => frames.length > 0);
    const request = frames[0]!;
    expect(request).toMatchObject({ messageType: "output_stream_data", sequenceNumber: 0, flags: 1, payloadType: PayloadType.HandshakeRequest });
    const body = parseHandshakeRequestPayload(request.payload);
    expect(body.RequestedClientActions).toEqual([{ ActionType: "SessionType", ActionParameters: { SessionType: "Standard_Stream", Properties: null } }]);
    ws.send(encodeAcknowledgeFrame(request));
    const refusal = buildHandshakeResponsePayload({
      ClientVersion: "1.2.0.0",
      ProcessedClientActions: [{ ActionType: "SessionType", ActionStatus: ActionStatus.Failed, ActionResult: null, Error: "no thanks" }],
      Errors: ["no thanks"],
    });
    ws.send(encodeClientMessage({ messageType: MessageType.InputStreamData, sequenceNumber: 0, payloadType: PayloadType.HandshakeResponse, payload: refusal }));
    await waitFor("channel_closed", () => frames.some((f) => f.messageType === MessageType.ChannelClosed));
    const closed = frames.find((f) => f.messageType === MessageType.ChannelClosed)!;
    expect([closed.sequenceNumber, closed.flags]).toEqual([0, 3]);
    const content = parseChannelClosedPayload(closed.payload);
    expect(content).toMatchObject({ SessionId: credentials.SessionId, MessageType: "channel_closed", SchemaVersion: 1 });
    expect(content.Output).toMatch(/handshake refused \(no thanks\)/);
    expect(h.registry.get(credentials.SessionId)?.status).toBe("Failed");
    ws.close();
  });
});
