// JSON payloads and the opening text frame of the data channel (docs/session-manager-protocol.md:
// #opening-the-socket, #message-types, #handshake, #terminal-input-resize-and-exit).
// Field names are the wire names; they are PascalCase because the Go structs serialise that way.
import { ActionStatus, ActionType, SessionTypeName } from "./constants";
import { isUuid, randomUuid } from "./uuid";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A payload that is not the JSON shape its PayloadType or MessageType promises. */
export class SsmPayloadError extends Error {
  override readonly name = "SsmPayloadError";
}

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

function decodeObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new SsmPayloadError(`${what} payload is not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SsmPayloadError(`${what} payload is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function requireString(obj: Record<string, unknown>, key: string, what: string): string {
  const value = obj[key];
  if (typeof value !== "string") throw new SsmPayloadError(`${what}.${key} must be a string`);
  return value;
}

function requireInteger(obj: Record<string, unknown>, key: string, what: string): number {
  const value = obj[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new SsmPayloadError(`${what}.${key} must be an integer`);
  }
  return value;
}

// ---- acknowledge -------------------------------------------------------------------------------

export interface AcknowledgeContent {
  AcknowledgedMessageType: string;
  /** Lower-case hyphenated UUID of the acknowledged message. */
  AcknowledgedMessageId: string;
  AcknowledgedMessageSequenceNumber: number;
  IsSequentialMessage: boolean;
}

export function buildAcknowledgePayload(acked: { messageType: string; messageId: string; sequenceNumber: number }): Uint8Array {
  const content: AcknowledgeContent = {
    AcknowledgedMessageType: acked.messageType,
    AcknowledgedMessageId: acked.messageId,
    AcknowledgedMessageSequenceNumber: acked.sequenceNumber,
    IsSequentialMessage: true,
  };
  return encodeJson(content);
}

export function parseAcknowledgePayload(bytes: Uint8Array): AcknowledgeContent {
  const obj = decodeObject(bytes, "acknowledge");
  return {
    AcknowledgedMessageType: requireString(obj, "AcknowledgedMessageType", "acknowledge"),
    AcknowledgedMessageId: requireString(obj, "AcknowledgedMessageId", "acknowledge"),
    AcknowledgedMessageSequenceNumber: requireInteger(obj, "AcknowledgedMessageSequenceNumber", "acknowledge"),
    IsSequentialMessage: obj.IsSequentialMessage === true,
  };
}

// ---- channel_closed ----------------------------------------------------------------------------

export interface ChannelClosedContent {
  MessageId: string;
  /** Creation time; the plugin's struct documents it as epoch milliseconds (UTC) in a string. */
  CreatedDate: string;
  DestinationId: string;
  SessionId: string;
  MessageType: "channel_closed";
  SchemaVersion: number;
  /** Text to show the user; may be empty. */
  Output: string;
}

export function buildChannelClosedPayload(input: {
  sessionId: string;
  output?: string;
  destinationId?: string;
  messageId?: string;
  createdDate?: Date;
}): Uint8Array {
  const content: ChannelClosedContent = {
    MessageId: input.messageId ?? randomUuid(),
    CreatedDate: String((input.createdDate ?? new Date()).getTime()),
    DestinationId: input.destinationId ?? input.sessionId,
    SessionId: input.sessionId,
    MessageType: "channel_closed",
    SchemaVersion: 1,
    Output: input.output ?? "",
  };
  return encodeJson(content);
}

/** Lenient on purpose: a close must always close, so missing fields become empty strings. */
export function parseChannelClosedPayload(bytes: Uint8Array): ChannelClosedContent {
  let obj: Record<string, unknown> = {};
  try {
    obj = decodeObject(bytes, "channel_closed");
  } catch {
    // An unreadable payload still means the channel is closed.
  }
  const text = (key: string) => (typeof obj[key] === "string" ? (obj[key] as string) : "");
  return {
    MessageId: text("MessageId"),
    CreatedDate: text("CreatedDate"),
    DestinationId: text("DestinationId"),
    SessionId: text("SessionId"),
    MessageType: "channel_closed",
    SchemaVersion: typeof obj.SchemaVersion === "number" ? obj.SchemaVersion : 1,
    Output: text("Output"),
  };
}

// ---- Size (terminal resize) --------------------------------------------------------------------

export interface SizeContent {
  cols: number;
  rows: number;
}

export function buildSizePayload(size: SizeContent): Uint8Array {
  for (const key of ["cols", "rows"] as const) {
    const v = size[key];
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new SsmPayloadError(`Size.${key} must be a uint32`);
  }
  return encodeJson({ cols: size.cols, rows: size.rows });
}

export function parseSizePayload(bytes: Uint8Array): SizeContent {
  const obj = decodeObject(bytes, "Size");
  const cols = requireInteger(obj, "cols", "Size");
  const rows = requireInteger(obj, "rows", "Size");
  if (cols < 0 || rows < 0) throw new SsmPayloadError("Size.cols and Size.rows must not be negative");
  return { cols, rows };
}

// ---- handshake ---------------------------------------------------------------------------------

export interface RequestedClientAction {
  ActionType: string;
  ActionParameters: unknown;
}
export interface HandshakeRequestContent {
  AgentVersion: string;
  RequestedClientActions: RequestedClientAction[];
}
export interface ProcessedClientAction {
  ActionType: string;
  ActionStatus: number;
  ActionResult: unknown;
  Error: string;
}
export interface HandshakeResponseContent {
  ClientVersion: string;
  ProcessedClientActions: ProcessedClientAction[];
  Errors: string[];
}
export interface HandshakeCompleteContent {
  /** Nanoseconds, as Go's time.Duration serialises. */
  HandshakeTimeToComplete: number;
  CustomerMessage: string;
}

export function buildHandshakeRequestPayload(input: {
  agentVersion: string;
  sessionType?: string;
  properties?: unknown;
  kms?: { kmsKeyId: string; challenge: string };
}): Uint8Array {
  const actions: RequestedClientAction[] = [];
  if (input.kms) {
    actions.push({
      ActionType: ActionType.KMSEncryption,
      ActionParameters: { KMSKeyId: input.kms.kmsKeyId, Challenge: input.kms.challenge },
    });
  }
  actions.push({
    ActionType: ActionType.SessionType,
    ActionParameters: { SessionType: input.sessionType ?? SessionTypeName.StandardStream, Properties: input.properties ?? null },
  });
  const content: HandshakeRequestContent = { AgentVersion: input.agentVersion, RequestedClientActions: actions };
  return encodeJson(content);
}

export function parseHandshakeRequestPayload(bytes: Uint8Array): HandshakeRequestContent {
  const obj = decodeObject(bytes, "HandshakeRequest");
  const actions = obj.RequestedClientActions;
  if (!Array.isArray(actions)) throw new SsmPayloadError("HandshakeRequest.RequestedClientActions must be an array");
  return {
    AgentVersion: typeof obj.AgentVersion === "string" ? obj.AgentVersion : "",
    RequestedClientActions: actions.map((action: unknown) => {
      if (typeof action !== "object" || action === null) throw new SsmPayloadError("malformed RequestedClientAction");
      const a = action as Record<string, unknown>;
      return { ActionType: requireString(a, "ActionType", "RequestedClientAction"), ActionParameters: a.ActionParameters };
    }),
  };
}

export function buildHandshakeResponsePayload(content: HandshakeResponseContent): Uint8Array {
  return encodeJson(content);
}

export function parseHandshakeResponsePayload(bytes: Uint8Array): HandshakeResponseContent {
  const obj = decodeObject(bytes, "HandshakeResponse");
  const actions = obj.ProcessedClientActions;
  if (!Array.isArray(actions)) throw new SsmPayloadError("HandshakeResponse.ProcessedClientActions must be an array");
  return {
    ClientVersion: typeof obj.ClientVersion === "string" ? obj.ClientVersion : "",
    ProcessedClientActions: actions.map((action: unknown) => {
      if (typeof action !== "object" || action === null) throw new SsmPayloadError("malformed ProcessedClientAction");
      const a = action as Record<string, unknown>;
      return {
        ActionType: requireString(a, "ActionType", "ProcessedClientAction"),
        ActionStatus: requireInteger(a, "ActionStatus", "ProcessedClientAction"),
        ActionResult: a.ActionResult ?? null,
        Error: typeof a.Error === "string" ? a.Error : "",
      };
    }),
    Errors: Array.isArray(obj.Errors) ? obj.Errors.filter((e): e is string => typeof e === "string") : [],
  };
}

/** True when every processed action succeeded: the agent cancels the session otherwise. */
export function isHandshakeAccepted(response: HandshakeResponseContent): boolean {
  return response.ProcessedClientActions.every((a) => a.ActionStatus === ActionStatus.Success);
}

export function buildHandshakeCompletePayload(input: { timeToCompleteNs: number; customerMessage?: string }): Uint8Array {
  const content: HandshakeCompleteContent = {
    HandshakeTimeToComplete: Math.round(input.timeToCompleteNs),
    CustomerMessage: input.customerMessage ?? "",
  };
  return encodeJson(content);
}

export function parseHandshakeCompletePayload(bytes: Uint8Array): HandshakeCompleteContent {
  const obj = decodeObject(bytes, "HandshakeComplete");
  return {
    HandshakeTimeToComplete: typeof obj.HandshakeTimeToComplete === "number" ? obj.HandshakeTimeToComplete : 0,
    CustomerMessage: typeof obj.CustomerMessage === "string" ? obj.CustomerMessage : "",
  };
}

// ---- opening text frame ------------------------------------------------------------------------

export interface OpenDataChannelContent {
  MessageSchemaVersion: "1.0";
  RequestId: string;
  TokenValue: string;
  ClientId: string;
  ClientVersion: string;
}

/** The JSON text frame a client sends first on a fresh socket (docs/session-manager-protocol.md#opening-the-socket). */
export function buildOpenDataChannelMessage(input: { tokenValue: string; clientId: string; clientVersion: string; requestId?: string }): string {
  const content: OpenDataChannelContent = {
    MessageSchemaVersion: "1.0",
    RequestId: input.requestId ?? randomUuid(),
    TokenValue: input.tokenValue,
    ClientId: input.clientId,
    ClientVersion: input.clientVersion,
  };
  return JSON.stringify(content);
}

/** Parse the opening frame. ClientId/ClientVersion are optional because older clients omit them. */
export function parseOpenDataChannelMessage(text: string): OpenDataChannelContent {
  const obj = decodeObject(encoder.encode(text), "open data channel");
  const requestId = requireString(obj, "RequestId", "open data channel");
  if (requestId.length < 16 || !isUuid(requestId)) throw new SsmPayloadError("RequestId must be a hyphenated UUID");
  return {
    MessageSchemaVersion: "1.0",
    RequestId: requestId,
    TokenValue: requireString(obj, "TokenValue", "open data channel"),
    ClientId: typeof obj.ClientId === "string" ? obj.ClientId : "",
    ClientVersion: typeof obj.ClientVersion === "string" ? obj.ClientVersion : "",
  };
}
