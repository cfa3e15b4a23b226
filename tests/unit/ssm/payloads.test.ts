import { describe, expect, it } from "vitest";
import {
  ActionStatus,
  buildAcknowledgePayload,
  buildChannelClosedPayload,
  buildHandshakeCompletePayload,
  buildHandshakeRequestPayload,
  buildHandshakeResponsePayload,
  buildOpenDataChannelMessage,
  buildSizePayload,
  isHandshakeAccepted,
  parseAcknowledgePayload,
  parseChannelClosedPayload,
  parseHandshakeCompletePayload,
  parseHandshakeRequestPayload,
  parseOpenDataChannelMessage,
  parseSizePayload,
  SsmPayloadError,
} from "@/lib/ssm/codec";

const json = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
const bytes = (s: string) => new TextEncoder().encode(s);

describe("payloads", () => {
  it("opening frame carries the five fields the plugin sends", () => {
    const text = buildOpenDataChannelMessage({ tokenValue: "tok", clientId: "c1d2e3f4-0000-4000-8000-000000000000", clientVersion: "1.0.0.0" });
    const parsed = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual(["MessageSchemaVersion", "RequestId", "TokenValue", "ClientId", "ClientVersion"]);
    expect(parsed.MessageSchemaVersion).toBe("1.0");
    expect(parsed.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseOpenDataChannelMessage(text).TokenValue).toBe("tok");
    // ssm-session sends only the first three fields; a gateway must accept that.
    expect(parseOpenDataChannelMessage(JSON.stringify({ MessageSchemaVersion: "1.0", RequestId: parsed.RequestId, TokenValue: "t" })).ClientId).toBe("");
    expect(() => parseOpenDataChannelMessage('{"RequestId":"short","TokenValue":"t"}')).toThrow(SsmPayloadError);
    expect(() => parseOpenDataChannelMessage("not json")).toThrow(SsmPayloadError);
  });

  it("acknowledge payload uses the wire field names and validates types", () => {
    const payload = buildAcknowledgePayload({ messageType: "output_stream_data", messageId: "0f8fad5b-d9cb-469f-a165-70867728950e", sequenceNumber: 7 });
    expect(json(payload)).toEqual({
      AcknowledgedMessageType: "output_stream_data",
      AcknowledgedMessageId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      AcknowledgedMessageSequenceNumber: 7,
      IsSequentialMessage: true,
    });
    expect(parseAcknowledgePayload(payload).AcknowledgedMessageSequenceNumber).toBe(7);
    expect(() => parseAcknowledgePayload(bytes('{"AcknowledgedMessageType":"x","AcknowledgedMessageId":"y","AcknowledgedMessageSequenceNumber":"7"}'))).toThrow(
      SsmPayloadError,
    );
  });

  it("Size payload is {cols, rows} and rejects nonsense", () => {
    expect(json(buildSizePayload({ cols: 100, rows: 30 }))).toEqual({ cols: 100, rows: 30 });
    expect(parseSizePayload(bytes('{"cols":202,"rows":18}'))).toEqual({ cols: 202, rows: 18 });
    expect(() => buildSizePayload({ cols: -1, rows: 3 })).toThrow(SsmPayloadError);
    expect(() => parseSizePayload(bytes('{"cols":1.5,"rows":3}'))).toThrow(SsmPayloadError);
  });

  it("channel_closed round-trips and an unreadable one still yields a close", () => {
    const payload = buildChannelClosedPayload({ sessionId: "s-1", output: "bye", createdDate: new Date(1234) });
    expect(json(payload)).toMatchObject({
      SessionId: "s-1",
      DestinationId: "s-1",
      MessageType: "channel_closed",
      SchemaVersion: 1,
      Output: "bye",
      CreatedDate: "1234",
    });
    expect(parseChannelClosedPayload(payload).Output).toBe("bye");
    expect(parseChannelClosedPayload(bytes("garbage"))).toMatchObject({ Output: "", SessionId: "" });
  });

  it("handshake payloads have the agent's and plugin's shapes", () => {
    const request = buildHandshakeRequestPayload({ agentVersion: "3.3.0.0", kms: { kmsKeyId: "k", challenge: "c" } });
    expect(json(request)).toEqual({
      AgentVersion: "3.3.0.0",
      RequestedClientActions: [
        { ActionType: "KMSEncryption", ActionParameters: { KMSKeyId: "k", Challenge: "c" } },
        { ActionType: "SessionType", ActionParameters: { SessionType: "Standard_Stream", Properties: null } },
      ],
    });
    expect(parseHandshakeRequestPayload(request).RequestedClientActions).toHaveLength(2);
    const ok = {
      ClientVersion: "1",
      ProcessedClientActions: [{ ActionType: "SessionType", ActionStatus: ActionStatus.Success, ActionResult: null, Error: "" }],
      Errors: [],
    };
    expect(isHandshakeAccepted(ok)).toBe(true);
    expect(isHandshakeAccepted({ ...ok, ProcessedClientActions: [{ ...ok.ProcessedClientActions[0]!, ActionStatus: ActionStatus.Unsupported }] })).toBe(false);
    expect(json(buildHandshakeResponsePayload(ok))).toEqual(ok);
    expect(parseHandshakeCompletePayload(buildHandshakeCompletePayload({ timeToCompleteNs: 1.5e6, customerMessage: "hi" }))).toEqual({
      HandshakeTimeToComplete: 1_500_000,
      CustomerMessage: "hi",
    });
  });
});
