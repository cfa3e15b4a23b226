// Binary ClientMessage frame of the Session Manager data channel (docs/session-manager-protocol.md#frame-layout).
// Isomorphic: browser and Node, Uint8Array/DataView only. Decoding validates the way session-manager-plugin does.
import { DIGEST_LENGTH, HEADER_LENGTH, MESSAGE_TYPE_LENGTH, MIN_FRAME_LENGTH, MessageType, Offset, SCHEMA_VERSION } from "./constants";
import { sha256, sha256Matches } from "./sha256";
import { fillRandomUuid, parseUuid, readWireUuid, writeWireUuid } from "./uuid";

export * from "./constants";
export * from "./payloads";
export { randomUuid } from "./uuid";

/** A decoded frame. `payload` and `payloadDigest` are views into the frame, not copies. */
export interface ClientMessage {
  headerLength: number;
  messageType: string;
  schemaVersion: number;
  /** Unix epoch milliseconds. */
  createdDate: number;
  sequenceNumber: number;
  flags: number;
  /** Lower-case hyphenated canonical UUID (the form acknowledgements quote). */
  messageId: string;
  payloadDigest: Uint8Array;
  payloadType: number;
  payloadLength: number;
  payload: Uint8Array;
}

/** What a sender supplies; everything but the type has a protocol default. */
export interface ClientMessageInit {
  messageType: string;
  sequenceNumber?: number;
  flags?: number;
  payloadType?: number;
  payload?: Uint8Array;
  /** Hyphenated UUID; a random v4 UUID when omitted. */
  messageId?: string;
  /** Epoch milliseconds; Date.now() when omitted. */
  createdDate?: number;
  schemaVersion?: number;
}

export type SsmFrameErrorCode =
  | "truncated"
  | "invalid-header-length"
  | "empty-message-type"
  | "invalid-created-date"
  | "payload-length-mismatch"
  | "digest-mismatch"
  | "unsafe-integer"
  | "invalid-field";

/** A frame that cannot be encoded or that a receiver must drop. */
export class SsmFrameError extends Error {
  override readonly name = "SsmFrameError";
  constructor(
    readonly code: SsmFrameErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DecodeOptions {
  /** Check PayloadDigest against SHA-256 of the payload. Default true; false only for diagnostics. */
  verifyDigest?: boolean;
}

const EMPTY = new Uint8Array(0);
const TWO_32 = 0x1_0000_0000;
const typeFieldCache = new Map<string, Uint8Array>();
const scratchUuid = new Uint8Array(16);

/** The 32-byte MessageType field as the Go writers produce it: left-aligned ASCII, space-padded. */
function messageTypeField(messageType: string): Uint8Array {
  let field = typeFieldCache.get(messageType);
  if (field) return field;
  if (messageType.length === 0 || messageType.length > MESSAGE_TYPE_LENGTH || !/^[\x21-\x7e]+$/.test(messageType)) {
    throw new SsmFrameError("invalid-field", `MessageType must be 1-32 printable ASCII characters: ${messageType}`);
  }
  field = new Uint8Array(MESSAGE_TYPE_LENGTH).fill(0x20);
  for (let i = 0; i < messageType.length; i++) field[i] = messageType.charCodeAt(i);
  if (typeFieldCache.size < 64) typeFieldCache.set(messageType, field);
  return field;
}

function writeInt64(view: DataView, offset: number, value: number, field: string): void {
  if (!Number.isSafeInteger(value)) throw new SsmFrameError("unsafe-integer", `${field} must be a safe integer`);
  const high = Math.floor(value / TWO_32);
  view.setInt32(offset, high);
  view.setUint32(offset + 4, value - high * TWO_32);
}

function writeUint64(view: DataView, offset: number, value: number, field: string): void {
  if (value < 0) throw new SsmFrameError("invalid-field", `${field} must not be negative`);
  writeInt64(view, offset, value, field);
}

function writeUint32(view: DataView, offset: number, value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= TWO_32) {
    throw new SsmFrameError("invalid-field", `${field} must be a uint32`);
  }
  view.setUint32(offset, value);
}

/** Encode one frame. Computes the real SHA-256 digest of the payload. */
export function encodeClientMessage(init: ClientMessageInit): Uint8Array {
  const payload = init.payload ?? EMPTY;
  const frame = new Uint8Array(MIN_FRAME_LENGTH + payload.length);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  view.setUint32(Offset.HeaderLength, HEADER_LENGTH);
  frame.set(messageTypeField(init.messageType), Offset.MessageType);
  writeUint32(view, Offset.SchemaVersion, init.schemaVersion ?? SCHEMA_VERSION, "SchemaVersion");
  const createdDate = init.createdDate ?? Date.now();
  if (createdDate <= 0) throw new SsmFrameError("invalid-created-date", "CreatedDate must be positive");
  writeUint64(view, Offset.CreatedDate, createdDate, "CreatedDate");
  writeInt64(view, Offset.SequenceNumber, init.sequenceNumber ?? 0, "SequenceNumber");
  writeUint64(view, Offset.Flags, init.flags ?? 0, "Flags");
  if (init.messageId === undefined) fillRandomUuid(scratchUuid);
  else parseUuid(init.messageId, scratchUuid);
  writeWireUuid(scratchUuid, frame, Offset.MessageId);
  sha256(payload, frame, Offset.PayloadDigest);
  writeUint32(view, Offset.PayloadType, init.payloadType ?? 0, "PayloadType");
  view.setUint32(Offset.PayloadLength, payload.length);
  frame.set(payload, Offset.Payload);
  return frame;
}

function isTrimmable(byte: number): boolean {
  // NUL (the JS library pads with it) and ASCII whitespace (the Go writers pad with spaces).
  return byte === 0 || byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

function readMessageType(frame: Uint8Array): string {
  let start = Offset.MessageType;
  let end = Offset.MessageType + MESSAGE_TYPE_LENGTH;
  while (start < end && isTrimmable(frame[start]!)) start++;
  while (end > start && isTrimmable(frame[end - 1]!)) end--;
  return String.fromCharCode.apply(null, frame.subarray(start, end) as unknown as number[]);
}

function readUint64(view: DataView, offset: number, field: string): number {
  const value = view.getUint32(offset) * TWO_32 + view.getUint32(offset + 4);
  if (!Number.isSafeInteger(value)) throw new SsmFrameError("unsafe-integer", `${field} exceeds 2^53`);
  return value;
}

function readInt64(view: DataView, offset: number, field: string): number {
  const value = view.getInt32(offset) * TWO_32 + view.getUint32(offset + 4);
  if (!Number.isSafeInteger(value)) throw new SsmFrameError("unsafe-integer", `${field} exceeds 2^53`);
  return value;
}

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** start_publication / pause_publication skip validation in the plugin; so do we. */
function skipsValidation(messageType: string): boolean {
  return messageType === MessageType.StartPublication || messageType === MessageType.PausePublication;
}

/** Decode and validate one frame. Throws SsmFrameError for a frame the plugin would reject. */
export function decodeClientMessage(input: Uint8Array | ArrayBuffer, options: DecodeOptions = {}): ClientMessage {
  const frame = toBytes(input);
  if (frame.length < MIN_FRAME_LENGTH) {
    throw new SsmFrameError("truncated", `frame of ${frame.length} bytes is shorter than the ${MIN_FRAME_LENGTH}-byte header`);
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(Offset.HeaderLength);
  const messageType = readMessageType(frame);
  const lenient = skipsValidation(messageType);
  if (!lenient && headerLength < HEADER_LENGTH) {
    throw new SsmFrameError("invalid-header-length", `HeaderLength ${headerLength} is below ${HEADER_LENGTH}`);
  }
  if (!lenient && messageType.length === 0) throw new SsmFrameError("empty-message-type", "MessageType is empty");
  const createdDate = readUint64(view, Offset.CreatedDate, "CreatedDate");
  if (!lenient && createdDate === 0) throw new SsmFrameError("invalid-created-date", "CreatedDate is 0");

  const payloadLength = view.getUint32(Offset.PayloadLength);
  // Like the plugin, the payload is everything after the HeaderLength-relative PayloadLength field.
  const payloadStart = Math.min(Math.max(headerLength, HEADER_LENGTH) + 4, frame.length);
  const payload = frame.subarray(payloadStart);
  if (!lenient && payload.length !== payloadLength) {
    throw new SsmFrameError(
      payload.length < payloadLength ? "truncated" : "payload-length-mismatch",
      `PayloadLength ${payloadLength} but ${payload.length} payload bytes`,
    );
  }
  if (!lenient && payloadLength !== 0 && options.verifyDigest !== false) {
    if (!sha256Matches(payload, frame, Offset.PayloadDigest)) {
      throw new SsmFrameError("digest-mismatch", "PayloadDigest is not the SHA-256 of the payload");
    }
  }
  return {
    headerLength,
    messageType,
    schemaVersion: view.getUint32(Offset.SchemaVersion),
    createdDate,
    sequenceNumber: readInt64(view, Offset.SequenceNumber, "SequenceNumber"),
    flags: readUint64(view, Offset.Flags, "Flags"),
    messageId: readWireUuid(frame, Offset.MessageId),
    payloadDigest: frame.subarray(Offset.PayloadDigest, Offset.PayloadDigest + DIGEST_LENGTH),
    payloadType: view.getUint32(Offset.PayloadType),
    payloadLength,
    payload,
  };
}
