// Frame encode/decode throughput: lib/ssm/codec against the framing of the `ssm-session` npm package,
// side by side in one run. Run with `npx tsx bench/codec.ts` (optional: seconds per case, default 1).
//
// Not like for like in our disfavour: our encode computes a real SHA-256 and our decode verifies it;
// ssm-session writes 32 hex characters of a SHA-256 and never checks the digest on decode. The extra
// "decode, no digest check" row shows the framing cost alone.
import { createRequire } from "node:module";
import { decodeClientMessage, encodeClientMessage, MessageType, PayloadType } from "@/lib/ssm/codec";

interface SsmSessionFraming {
  buildInputMessage(text: string, sequenceNumber: number): Uint8Array;
  decode(buffer: ArrayBuffer): { payload: Uint8Array; messageType: string };
}

// ssm-session ships CommonJS without types; it needs no browser globals for framing (its uuid comes
// from Math.random and its SHA-256 is pure JS), so no shim is required in Node.
const require = createRequire(import.meta.url);
const theirs = (require("ssm-session") as { ssm: SsmSessionFraming }).ssm;

const secondsPerCase = Number(process.argv[2] ?? 1);
let sink = 0; // keeps results observable so the JIT cannot drop the work

function measure(run: (i: number) => void): number {
  for (let i = 0; i < 50; i++) run(i); // warm-up
  let iterations = 0;
  const start = performance.now();
  const deadline = start + secondsPerCase * 1000;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 20; k++) run(iterations++);
    now = performance.now();
  }
  return iterations / ((now - start) / 1000);
}

function asciiPayload(size: number): { bytes: Uint8Array; text: string } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = 0x20 + ((i * 7) % 95);
  return { bytes, text: new TextDecoder().decode(bytes) };
}

interface Row {
  size: string;
  op: string;
  oursFps: number;
  theirsFps: number;
  bytes: number;
}

const rows: Row[] = [];
for (const size of [1024, 64 * 1024]) {
  const { bytes, text } = asciiPayload(size);
  const label = size === 1024 ? "1 KiB" : "64 KiB";

  const oursFrame = encodeClientMessage({ messageType: MessageType.InputStreamData, payloadType: PayloadType.Output, payload: bytes });
  const theirFrame = theirs.buildInputMessage(text, 1);
  if (theirFrame.length !== oursFrame.length) throw new Error("frames differ in size: not the same work");

  const encOurs = measure((i) => {
    sink += encodeClientMessage({ messageType: MessageType.InputStreamData, sequenceNumber: i, payloadType: PayloadType.Output, payload: bytes }).length;
  });
  const encTheirs = measure((i) => {
    sink += theirs.buildInputMessage(text, i).length;
  });
  rows.push({ size: label, op: "encode", oursFps: encOurs, theirsFps: encTheirs, bytes: size });

  const theirBuffer = theirFrame.slice().buffer;
  const decOurs = measure(() => {
    sink += decodeClientMessage(oursFrame).payload.length;
  });
  const decTheirs = measure(() => {
    sink += theirs.decode(theirBuffer).payload.length;
  });
  rows.push({ size: label, op: "decode (ours verifies SHA-256)", oursFps: decOurs, theirsFps: decTheirs, bytes: size });

  const decOursNoDigest = measure(() => {
    sink += decodeClientMessage(oursFrame, { verifyDigest: false }).payload.length;
  });
  rows.push({ size: label, op: "decode, no digest check", oursFps: decOursNoDigest, theirsFps: decTheirs, bytes: size });
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mbps = (fps: number, bytes: number) => (fps * bytes) / 1e6;

console.log(`Session Manager frame codec, ${secondsPerCase}s per case, Node ${process.version} (MB = 10^6 bytes of payload)`);
console.log("");
const header = ["payload", "operation", "gatehouse MB/s", "gatehouse frames/s", "ssm-session MB/s", "ssm-session frames/s", "ratio"];
const table = rows.map((r) => [
  r.size,
  r.op,
  fmt(mbps(r.oursFps, r.bytes)),
  fmt(r.oursFps, 0),
  fmt(mbps(r.theirsFps, r.bytes)),
  fmt(r.theirsFps, 0),
  `${fmt(r.oursFps / r.theirsFps, 2)}x`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));
console.log("");
console.log(`(checksum ${sink % 1000})`);
