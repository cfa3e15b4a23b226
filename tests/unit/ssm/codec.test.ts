import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeClientMessage, encodeClientMessage, MessageType, PayloadType, SsmFrameError, type ClientMessageInit } from "@/lib/ssm/codec";
import { sha256 } from "@/lib/ssm/sha256";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();
const text = (s: string) => new TextEncoder().encode(s);

/** A frame laid out byte by byte from the table in docs/session-manager-protocol.md#frame-layout, independent of the codec. */
function handBuiltFrame(opts: { typeField: Buffer; payload: Buffer; digest?: Buffer }): Buffer {
  const header = Buffer.alloc(120);
  header.writeUInt32BE(116, 0);
  opts.typeField.copy(header, 4);
  header.writeUInt32BE(1, 36);
  header.writeBigUInt64BE(1_700_000_000_123n, 40);
  header.writeBigInt64BE(42n, 48);
  header.writeBigUInt64BE(0n, 56);
  // MessageId 0f8fad5b-d9cb-469f-a165-70867728950e: least-significant half first.
  Buffer.from("a16570867728950e0f8fad5bd9cb469f", "hex").copy(header, 64);
  (opts.digest ?? sha(opts.payload)).copy(header, 80);
  header.writeUInt32BE(1, 112);
  header.writeUInt32BE(opts.payload.length, 116);
  return Buffer.concat([header, opts.payload]);
}

const goTypeField = Buffer.from("input_stream_data".padEnd(32, " "), "latin1");

describe("frame layout", () => {
  const payload = Buffer.from("ls -la\r");

  it("encodes exactly the bytes of the hand-built frame (Go-style space padding)", () => {
    const encoded = encodeClientMessage({
      messageType: "input_stream_data",
      schemaVersion: 1,
      createdDate: 1_700_000_000_123,
      sequenceNumber: 42,
      flags: 0,
      messageId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      payloadType: PayloadType.Output,
      payload: new Uint8Array(payload),
    });
    expect(Buffer.from(encoded).toString("hex")).toBe(handBuiltFrame({ typeField: goTypeField, payload }).toString("hex"));
  });

  it("decodes every field of the hand-built frame, payload as a view into the frame", () => {
    const frame = new Uint8Array(handBuiltFrame({ typeField: goTypeField, payload }));
    const m = decodeClientMessage(frame);
    expect(m).toMatchObject({
      headerLength: 116,
      messageType: "input_stream_data",
      schemaVersion: 1,
      createdDate: 1_700_000_000_123,
      sequenceNumber: 42,
      flags: 0,
      messageId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      payloadType: 1,
      payloadLength: payload.length,
    });
    expect(Buffer.from(m.payload).toString()).toBe("ls -la\r");
    expect(Buffer.from(m.payloadDigest).equals(sha(payload))).toBe(true);
    expect(m.payload.buffer).toBe(frame.buffer);
  });

  it("reads a right-aligned NUL-padded type (the ssm-session library's style)", () => {
    const field = Buffer.alloc(32);
    Buffer.from("input_stream_data").copy(field, 32 - "input_stream_data".length);
    expect(decodeClientMessage(handBuiltFrame({ typeField: field, payload })).messageType).toBe("input_stream_data");
  });

  it("accepts an ArrayBuffer and a frame that sits at an offset inside a larger buffer", () => {
    const bytes = handBuiltFrame({ typeField: goTypeField, payload });
    const big = new Uint8Array(bytes.length + 10);
    big.set(bytes, 7);
    expect(decodeClientMessage(big.subarray(7, 7 + bytes.length)).sequenceNumber).toBe(42);
    const ab = new Uint8Array(bytes).buffer;
    expect(decodeClientMessage(ab).messageId).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
  });

  it("round-trips negative and large sequence numbers as int64", () => {
    for (const seq of [-1, -(2 ** 40), 2 ** 32, Number.MAX_SAFE_INTEGER]) {
      const m = decodeClientMessage(encodeClientMessage({ messageType: "x_y", sequenceNumber: seq }));
      expect(m.sequenceNumber).toBe(seq);
    }
    const frame = Buffer.from(encodeClientMessage({ messageType: "x_y", sequenceNumber: -2 }));
    expect(frame.readBigInt64BE(48)).toBe(-2n);
  });
});

describe("validation on receive", () => {
  const base = (): Buffer => Buffer.from(encodeClientMessage({ messageType: "output_stream_data", payload: text("hello") }));
  const codeOf = (frame: Uint8Array, verifyDigest?: boolean) => {
    try {
      decodeClientMessage(frame, { verifyDigest });
      return "ok";
    } catch (error) {
      expect(error).toBeInstanceOf(SsmFrameError);
      return (error as SsmFrameError).code;
    }
  };

  it("rejects HeaderLength 0, an empty type and CreatedDate 0", () => {
    const hl = base();
    hl.writeUInt32BE(0, 0);
    expect(codeOf(hl)).toBe("invalid-header-length");
    const type = base();
    type.fill(0x20, 4, 36);
    expect(codeOf(type)).toBe("empty-message-type");
    const date = base();
    date.writeBigUInt64BE(0n, 40);
    expect(codeOf(date)).toBe("invalid-created-date");
  });

  it("rejects a wrong digest unless verification is turned off, and skips the check for empty payloads", () => {
    const frame = base();
    frame[80] = frame[80]! ^ 0xff;
    expect(codeOf(frame)).toBe("digest-mismatch");
    expect(codeOf(frame, false)).toBe("ok");
    const empty = Buffer.from(encodeClientMessage({ messageType: "acknowledge" }));
    empty.fill(0xab, 80, 112);
    expect(codeOf(empty)).toBe("ok");
  });

  it("lets start_publication and pause_publication through without checks, as the plugin does", () => {
    for (const type of [MessageType.StartPublication, MessageType.PausePublication]) {
      const frame = Buffer.from(encodeClientMessage({ messageType: type, payload: text("{}") }));
      frame.writeUInt32BE(0, 0);
      frame.writeBigUInt64BE(0n, 40);
      frame[82] = frame[82]! ^ 1;
      expect(decodeClientMessage(frame).messageType).toBe(type);
    }
  });

  it("rejects short frames, short payloads and trailing bytes with typed errors", () => {
    const frame = base();
    expect(codeOf(frame.subarray(0, 119))).toBe("truncated");
    expect(codeOf(frame.subarray(0, frame.length - 1))).toBe("truncated");
    expect(codeOf(Buffer.concat([frame, Buffer.from([0])]))).toBe("payload-length-mismatch");
  });

  it("refuses to encode what the wire cannot carry", () => {
    const bad: ClientMessageInit[] = [
      { messageType: "" },
      { messageType: "x".repeat(33) },
      { messageType: "has space" },
      { messageType: "ok", sequenceNumber: 2 ** 53 },
      { messageType: "ok", flags: -1 },
      { messageType: "ok", payloadType: 2 ** 32 },
      { messageType: "ok", createdDate: 0 },
      { messageType: "ok", messageId: "not-a-uuid" },
    ];
    for (const init of bad) expect(() => encodeClientMessage(init)).toThrow();
  });
});

describe("the sample frame embedded in the ssm-session package", () => {
  const require = createRequire(import.meta.url);
  let source: string | null = null;
  try {
    const file = path.join(path.dirname(require.resolve("ssm-session/package.json")), "dist", "ssm.js");
    source = existsSync(file) ? readFileSync(file, "utf8") : null;
  } catch {
    source = null;
  }
  const literal = source?.match(/new Uint8Array\(\[\s*(0x[0-9a-f]{2}(?:\s*,\s*0x[0-9a-f]{2})*)\s*\]\)/i)?.[1];
  const sample = literal ? new Uint8Array(literal.split(",").map((h) => parseInt(h.trim(), 16))) : null;

  it.skipIf(!sample)("is rejected: its digest field holds hex characters, not SHA-256 bytes", () => {
    expect(() => decodeClientMessage(sample!)).toThrow(expect.objectContaining({ code: "digest-mismatch" }));
    const digestText = Buffer.from(sample!.subarray(80, 112)).toString("latin1");
    expect(digestText).toBe(
      Buffer.from(sha256(sample!.subarray(120)))
        .toString("hex")
        .slice(0, 32),
    );
  });

  it.skipIf(!sample)("decodes with digest verification off, agreeing with the package's own decoder", () => {
    const m = decodeClientMessage(sample!, { verifyDigest: false });
    expect(m).toMatchObject({
      headerLength: 116,
      messageType: "input_stream_data",
      schemaVersion: 1,
      sequenceNumber: 0,
      flags: 1,
      payloadType: PayloadType.Size,
      payloadLength: 22,
      messageId: "9f01a37d-bffe-fce1-730f-664914534e2a",
    });
    expect(new TextDecoder().decode(m.payload)).toBe('{"cols":202,"rows":18}');
    const theirs = require("ssm-session").ssm.decode(sample!.slice().buffer);
    expect(theirs.messageType.replace(/\0/g, "")).toBe(m.messageType);
    expect(theirs.messageId).toBe(m.messageId);
    expect(theirs.createdDate).toBe(m.createdDate);
  });
});

describe("properties", () => {
  const messageType = fc.stringMatching(/^[\x21-\x7e]{1,32}$/);
  const init = fc.record({
    messageType,
    sequenceNumber: fc.maxSafeInteger().filter((n) => n >= Number.MIN_SAFE_INTEGER),
    flags: fc.maxSafeNat(),
    payloadType: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    createdDate: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    messageId: fc.uuid(),
    payload: fc.uint8Array({ maxLength: 3000 }),
  });

  it("every frame round-trips field for field", () => {
    fc.assert(
      fc.property(init, (m) => {
        const decoded = decodeClientMessage(encodeClientMessage(m));
        expect(decoded).toMatchObject({ ...m, payload: expect.anything() });
        expect(Buffer.from(decoded.payload).equals(Buffer.from(m.payload))).toBe(true);
        expect(Buffer.from(decoded.payloadDigest).equals(sha(m.payload))).toBe(true);
      }),
    );
  });

  it("any corrupted payload or digest byte is rejected", () => {
    const nonEmpty = init.filter((m) => m.payload.length > 0);
    fc.assert(
      fc.property(nonEmpty, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, where, xor) => {
        const frame = encodeClientMessage(m);
        const region = 32 + m.payload.length; // digest bytes then payload bytes
        const index = where % region;
        const offset = index < 32 ? 80 + index : 120 + (index - 32);
        frame[offset] = frame[offset]! ^ xor;
        expect(() => decodeClientMessage(frame)).toThrow(expect.objectContaining({ code: "digest-mismatch" }));
      }),
    );
  });

  it("any truncated frame is rejected as truncated", () => {
    fc.assert(
      fc.property(init, fc.nat(), (m, cut) => {
        const frame = encodeClientMessage(m);
        const short = frame.subarray(0, cut % frame.length);
        expect(() => decodeClientMessage(short)).toThrow(expect.objectContaining({ code: "truncated" }));
      }),
    );
  });

  it("the synchronous SHA-256 agrees with Node's", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(Buffer.from(sha256(bytes)).equals(sha(bytes))).toBe(true);
      }),
    );
  });
});
