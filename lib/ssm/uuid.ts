// UUIDs as the data channel carries them. On the wire, MessageId holds the canonical UUID with its two
// 8-byte halves swapped (bytes 8-15 first, then 0-7), each half in its own byte order
// (docs/session-manager-protocol.md#message-id-layout).

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// crypto.getRandomValues exists in browsers (also on plain http) and in Node 20; randomUUID needs a
// secure context in browsers. Random bytes come from a pool so small frames do not pay a call each.
const pool = new Uint8Array(16 * 256);
let poolOffset = pool.length;

/** Write 16 random bytes of a version-4 UUID, in canonical order, into `out` at `offset`. */
export function fillRandomUuid(out: Uint8Array, offset = 0): void {
  if (poolOffset + 16 > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  out.set(pool.subarray(poolOffset, poolOffset + 16), offset);
  poolOffset += 16;
  out[offset + 6] = (out[offset + 6]! & 0x0f) | 0x40;
  out[offset + 8] = (out[offset + 8]! & 0x3f) | 0x80;
}

/** A fresh lower-case hyphenated version-4 UUID. */
export function randomUuid(): string {
  const bytes = new Uint8Array(16);
  fillRandomUuid(bytes);
  return formatUuid(bytes, 0);
}

/** Lower-case hyphenated form of 16 canonical-order bytes at `offset`. */
export function formatUuid(bytes: Uint8Array, offset = 0): string {
  const h = (i: number) => HEX[bytes[offset + i]!]!;
  return h(0) + h(1) + h(2) + h(3) + "-" + h(4) + h(5) + "-" + h(6) + h(7) + "-" + h(8) + h(9) + "-" + h(10) + h(11) + h(12) + h(13) + h(14) + h(15);
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Parse a hyphenated UUID into canonical-order bytes at `offset` of `out`. Throws on a malformed string. */
export function parseUuid(value: string, out: Uint8Array = new Uint8Array(16), offset = 0): Uint8Array {
  if (!UUID_PATTERN.test(value)) throw new TypeError(`not a UUID: ${JSON.stringify(value)}`);
  const hex = value.replace(/-/g, "");
  for (let i = 0; i < 16; i++) out[offset + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Write canonical UUID bytes into a frame's MessageId field at `offset`, halves swapped. */
export function writeWireUuid(canonical: Uint8Array, frame: Uint8Array, offset: number): void {
  frame.set(canonical.subarray(8, 16), offset);
  frame.set(canonical.subarray(0, 8), offset + 8);
}

/** Read a frame's MessageId field at `offset` and return the canonical hyphenated string. */
export function readWireUuid(frame: Uint8Array, offset: number): string {
  const h = (i: number) => HEX[frame[offset + i]!]!;
  // Canonical bytes 0-7 sit at wire offset 8-15, canonical 8-15 at wire offset 0-7.
  return h(8) + h(9) + h(10) + h(11) + "-" + h(12) + h(13) + "-" + h(14) + h(15) + "-" + h(0) + h(1) + "-" + h(2) + h(3) + h(4) + h(5) + h(6) + h(7);
}
