import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeSmuxFrame,
  encodeUpdBody,
  SMUX_HEADER_SIZE,
  SmuxCmd,
  SmuxError,
  SmuxFrameReader,
  SmuxSession,
  type SmuxFrame,
  type SmuxStream,
} from "@/lib/ssm/smux";
import { FakeClock, seededRandom } from "./fake-clock";

// smux v1 as xtaci/smux v1.5.15/v1.5.16 puts it on the wire (docs/session-manager-protocol.md#smux-v1-frames):
// VERSION(1) CMD(1) LENGTH(uint16 LE) STREAMID(uint32 LE) DATA.

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const text = (s: string) => new TextEncoder().encode(s);
const EMPTY = new Uint8Array(0);

describe("smux frames, byte for byte", () => {
  it.each<[string, SmuxFrame, string]>([
    ["SYN of the first client stream (3)", { version: 1, cmd: SmuxCmd.Syn, streamId: 3, data: EMPTY }, "0100000003000000"],
    ["FIN of stream 5", { version: 1, cmd: SmuxCmd.Fin, streamId: 5, data: EMPTY }, "0101000005000000"],
    ["PSH of 'hi' on stream 3", { version: 1, cmd: SmuxCmd.Psh, streamId: 3, data: text("hi") }, "01020200030000006869"],
    ["NOP keepalive, always stream 0", { version: 1, cmd: SmuxCmd.Nop, streamId: 0, data: EMPTY }, "0103000000000000"],
    ["little-endian stream id", { version: 1, cmd: SmuxCmd.Syn, streamId: 0x12345678, data: EMPTY }, "0100000078563412"],
    [
      "version-2 UPD: consumed 1, window 262144",
      { version: 2, cmd: SmuxCmd.Upd, streamId: 7, data: encodeUpdBody(1, 262_144) },
      "020408000700000001000000" + "00000400",
    ],
  ])("%s", (_name, frame, expected) => {
    expect(hex(encodeSmuxFrame(frame))).toBe(expected);
    expect(new SmuxFrameReader().push(Buffer.from(expected, "hex"))).toEqual([frame]);
  });

  it("writes the length little-endian (300 bytes: 2c 01) and reads a frame of the largest size", () => {
    const frame = encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Psh, streamId: 9, data: new Uint8Array(300).fill(7) });
    expect(hex(frame.subarray(0, SMUX_HEADER_SIZE))).toBe("01022c0109000000");
    const big = new Uint8Array(0xffff).fill(1);
    const [decoded] = new SmuxFrameReader().push(encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Psh, streamId: 1, data: big }));
    expect(decoded!.data.length).toBe(0xffff);
  });

  it("reads SYN, FIN and NOP as header-only, whatever their Length says (smux's recvLoop does not read a body)", () => {
    const reader = new SmuxFrameReader();
    // A SYN claiming 2 bytes of data, then a PSH: the PSH header starts right after the SYN's 8 bytes.
    const frames = reader.push(Buffer.from("0100020003000000" + "01020100030000" + "00" + "41", "hex"));
    expect(frames).toEqual([
      { version: 1, cmd: SmuxCmd.Syn, streamId: 3, data: EMPTY },
      { version: 1, cmd: SmuxCmd.Psh, streamId: 3, data: text("A") },
    ]);
  });

  it("refuses what the wire cannot carry", () => {
    expect(() => encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Psh, streamId: 1, data: new Uint8Array(0x10000) })).toThrow(SmuxError);
    expect(() => encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Syn, streamId: 1, data: text("x") })).toThrow(/no data/);
    expect(() => encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Upd, streamId: 1, data: text("x") })).toThrow(/8 bytes/);
    expect(() => encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Psh, streamId: 2 ** 32, data: EMPTY })).toThrow(/uint32/);
  });

  it("an unknown command stops the reader with invalid-protocol", () => {
    expect(() => new SmuxFrameReader().push(Buffer.from("0109000003000000", "hex"))).toThrow(expect.objectContaining({ code: "invalid-protocol" }));
  });

  const frameArb: fc.Arbitrary<SmuxFrame> = fc.oneof(
    fc.record({
      version: fc.constantFrom(1, 2),
      cmd: fc.constantFrom(SmuxCmd.Syn, SmuxCmd.Fin, SmuxCmd.Nop),
      streamId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      data: fc.constant(EMPTY),
    }),
    fc.record({
      version: fc.constantFrom(1, 2),
      cmd: fc.constant(SmuxCmd.Psh),
      streamId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      data: fc.uint8Array({ maxLength: 2000 }),
    }),
    fc.record({
      version: fc.constant(2),
      cmd: fc.constant(SmuxCmd.Upd),
      streamId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      data: fc.uint8Array({ minLength: 8, maxLength: 8 }),
    }),
  );

  it("random frames round-trip, however the bytes are cut", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 20 }), (frames, cuts) => {
        const wire = Buffer.concat(frames.map((f) => encodeSmuxFrame(f)));
        const reader = new SmuxFrameReader();
        const decoded: SmuxFrame[] = [];
        let at = 0;
        for (let i = 0; at < wire.length; i++) {
          const size = cuts[i % cuts.length]!;
          decoded.push(...reader.push(new Uint8Array(wire.subarray(at, at + size))));
          at += size;
        }
        expect(reader.pending).toBe(0);
        expect(decoded).toEqual(frames);
      }),
    );
  });
});

/** Two sessions joined by a pipe that cuts the byte stream at random places and delivers on advance(). */
function pair(options: { seed?: number; clock?: FakeClock; keepAlive?: { intervalMs: number; timeoutMs: number } | false; maxFrameSize?: number } = {}) {
  const random = seededRandom(options.seed ?? 1);
  const queues = { toServer: [] as Uint8Array[], toClient: [] as Uint8Array[] };
  const wire = { toServer: [] as Uint8Array[], toClient: [] as Uint8Array[] };
  const client = new SmuxSession({
    role: "client",
    send: (b) => void (queues.toServer.push(b), wire.toServer.push(b)),
    clock: options.clock,
    keepAlive: options.keepAlive,
    maxFrameSize: options.maxFrameSize,
  });
  const server = new SmuxSession({
    role: "server",
    send: (b) => void (queues.toClient.push(b), wire.toClient.push(b)),
    clock: options.clock,
    keepAlive: options.keepAlive,
    maxFrameSize: options.maxFrameSize,
  });
  const rechunk = (parts: Uint8Array[]) => {
    const all = Buffer.concat(parts);
    const out: Uint8Array[] = [];
    for (let at = 0; at < all.length;) {
      const size = 1 + Math.floor(random() * 1100);
      out.push(new Uint8Array(all.subarray(at, at + size)));
      at += size;
    }
    return out;
  };
  const flush = () => {
    while (queues.toServer.length || queues.toClient.length) {
      for (const chunk of rechunk(queues.toServer.splice(0))) server.receive(chunk);
      for (const chunk of rechunk(queues.toClient.splice(0))) client.receive(chunk);
    }
  };
  return { client, server, flush, wire };
}

function collect(stream: SmuxStream) {
  const record = { chunks: [] as Uint8Array[], ended: false, closed: false, error: undefined as SmuxError | undefined };
  stream.on("data", (b) => record.chunks.push(b));
  stream.on("end", () => (record.ended = true));
  stream.on("close", ({ error }) => ((record.closed = true), (record.error = error)));
  return { ...record, get: () => record, bytes: () => Buffer.concat(record.chunks) };
}

describe("smux sessions", () => {
  it("client streams are 3, 5, 7 (nextStreamID starts at 1 and adds 2 first); server streams 2, 4", () => {
    const { client, server, flush, wire } = pair();
    const accepted: number[] = [];
    server.on("stream", (s) => accepted.push(s.id));
    expect([client.openStream().id, client.openStream().id, client.openStream().id]).toEqual([3, 5, 7]);
    expect([server.openStream().id, server.openStream().id]).toEqual([2, 4]);
    flush();
    expect(accepted).toEqual([3, 5, 7]);
    expect(hex(wire.toServer[0]!)).toBe("0100000003000000");
  });

  it("carries data both ways, split into frames of at most MaxFrameSize", () => {
    const { client, server, flush, wire } = pair({ maxFrameSize: 1000 });
    let accepted: ReturnType<typeof collect> | undefined;
    let serverStream: SmuxStream | undefined;
    server.on("stream", (s) => ((serverStream = s), (accepted = collect(s))));
    const stream = client.openStream();
    const back = collect(stream);
    const payload = new Uint8Array(2500).map((_, i) => i % 251);
    stream.write(payload);
    flush();
    expect(wire.toServer.slice(1).map((f) => f.length - SMUX_HEADER_SIZE)).toEqual([1000, 1000, 500]);
    expect(accepted!.bytes()).toEqual(Buffer.from(payload));
    serverStream!.write(text("pong"));
    flush();
    expect(back.bytes().toString()).toBe("pong");
  });

  it("FIN is an EOF mark: the other side reads end, can still answer, and the stream goes once both sent FIN", () => {
    const { client, server, flush } = pair();
    let serverStream: SmuxStream | undefined;
    let serverSide: ReturnType<typeof collect> | undefined;
    server.on("stream", (s) => ((serverStream = s), (serverSide = collect(s))));
    const stream = client.openStream();
    const clientSide = collect(stream);
    stream.write(text("request"));
    stream.end();
    flush();
    expect(serverSide!.get().ended).toBe(true);
    expect(serverSide!.get().closed).toBe(false);
    serverStream!.write(text("late reply"));
    serverStream!.end();
    flush();
    expect(clientSide.bytes().toString()).toBe("late reply");
    expect(clientSide.get()).toMatchObject({ ended: true, closed: true, error: undefined });
    expect(serverSide!.get().closed).toBe(true);
    expect(client.streamCount + server.streamCount).toBe(0);
    expect(() => stream.write(text("x"))).toThrow(SmuxError);
  });

  it("drops data for unknown streams, ignores a repeated SYN and a FIN for nothing", () => {
    const { server } = pair();
    const accepted: SmuxStream[] = [];
    server.on("stream", (s) => accepted.push(s));
    server.receive(encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Psh, streamId: 99, data: text("lost") }));
    server.receive(encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Fin, streamId: 42, data: EMPTY }));
    server.receive(encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Syn, streamId: 3, data: EMPTY }));
    server.receive(encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Syn, streamId: 3, data: EMPTY }));
    expect(accepted.map((s) => s.id)).toEqual([3]);
    expect(server.isClosed).toBe(false);
  });

  it("closes on a frame of another version or a version-2 command, as smux stops on ErrInvalidProtocol", () => {
    for (const frame of [
      { version: 2, cmd: SmuxCmd.Psh, streamId: 3, data: text("x") },
      { version: 1, cmd: SmuxCmd.Upd, streamId: 3, data: encodeUpdBody(0, 0) },
    ]) {
      const { server } = pair();
      server.receive(encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Syn, streamId: 3, data: EMPTY }));
      const stream = server.stream(3)!;
      const seen = collect(stream);
      let closedWith: SmuxError | undefined;
      server.on("close", ({ error }) => (closedWith = error));
      server.receive(encodeSmuxFrame(frame));
      expect(closedWith?.code).toBe("invalid-protocol");
      expect(seen.get()).toMatchObject({ closed: true, error: expect.objectContaining({ code: "invalid-protocol" }) });
    }
  });

  it("refuses new streams once ids are exhausted (ErrGoAway)", () => {
    const client = new SmuxSession({ role: "client", send: () => true, nextStreamId: 2 ** 32 - 3 });
    expect(client.openStream().id).toBe(2 ** 32 - 1);
    expect(() => client.openStream()).toThrow(expect.objectContaining({ code: "go-away" }));
    expect(() => client.openStream()).toThrow(expect.objectContaining({ code: "go-away" }));
  });

  it("keepalive: a NOP every interval; silence for the timeout closes the session; off by default", () => {
    const clock = new FakeClock();
    const sent: string[] = [];
    const session = new SmuxSession({ role: "client", send: (b) => void sent.push(hex(b)), clock, keepAlive: { intervalMs: 10_000, timeoutMs: 30_000 } });
    let closed: SmuxError | undefined;
    session.on("close", ({ error }) => (closed = error));
    clock.advance(10_000);
    expect(sent).toEqual(["0103000000000000"]);
    clock.advance(15_000);
    session.receive(encodeSmuxFrame({ version: 1, cmd: SmuxCmd.Nop, streamId: 0, data: EMPTY })); // a NOP counts as traffic
    clock.advance(10_000);
    expect(closed).toBeUndefined();
    clock.advance(30_000);
    expect(closed?.code).toBe("keepalive-timeout");
    expect(clock.activeIntervals).toBe(0);

    const quiet = new SmuxSession({ role: "client", send: (b) => void sent.push(hex(b)), clock });
    sent.length = 0;
    clock.advance(120_000);
    expect(sent).toEqual([]);
    expect(quiet.isClosed).toBe(false);
  });

  it("buffers a paused stream's data and delivers it, then the end, on resume", () => {
    const { client, server, flush } = pair();
    let accepted: SmuxStream | undefined;
    server.on("stream", (s) => (accepted = s));
    const stream = client.openStream();
    flush();
    const seen = collect(accepted!);
    accepted!.pause();
    stream.write(text("one "));
    stream.write(text("two"));
    stream.end();
    flush();
    expect(seen.get().chunks).toEqual([]);
    expect(accepted!.bufferedBytes).toBe(7);
    accepted!.resume();
    expect(seen.bytes().toString()).toBe("one two");
    expect(seen.get().ended).toBe(true);
  });

  it("random interleavings of many streams deliver each stream's bytes complete and in order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.record({ stream: fc.nat({ max: 7 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 3000 }), fromServer: fc.boolean() }), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 8 }),
        (seed, writes, streamCount) => {
          const { client, server, flush } = pair({ seed, maxFrameSize: 1 + (seed % 4096) });
          const serverStreams = new Map<number, SmuxStream>();
          const atServer = new Map<number, Uint8Array[]>();
          const atClient = new Map<number, Uint8Array[]>();
          const serverEnded = new Set<number>();
          server.on("stream", (s) => {
            serverStreams.set(s.id, s);
            s.on("data", (b) => atServer.get(s.id)?.push(b) ?? atServer.set(s.id, [b]));
            s.on("end", () => serverEnded.add(s.id));
          });
          const clientStreams = Array.from({ length: streamCount }, () => client.openStream());
          for (const s of clientStreams) s.on("data", (b) => atClient.get(s.id)?.push(b) ?? atClient.set(s.id, [b]));
          flush();
          const expectedAtServer = new Map<number, Buffer[]>();
          const expectedAtClient = new Map<number, Buffer[]>();
          const random = seededRandom(seed);
          for (const write of writes) {
            const stream = clientStreams[write.stream % streamCount]!;
            if (write.fromServer) {
              serverStreams.get(stream.id)!.write(write.bytes);
              expectedAtClient.set(stream.id, [...(expectedAtClient.get(stream.id) ?? []), Buffer.from(write.bytes)]);
            } else {
              stream.write(write.bytes);
              expectedAtServer.set(stream.id, [...(expectedAtServer.get(stream.id) ?? []), Buffer.from(write.bytes)]);
            }
            if (random() < 0.3) flush();
          }
          for (const s of clientStreams) s.end();
          flush();
          for (const s of clientStreams) {
            expect(Buffer.concat(atServer.get(s.id) ?? [])).toEqual(Buffer.concat(expectedAtServer.get(s.id) ?? []));
            expect(Buffer.concat(atClient.get(s.id) ?? [])).toEqual(Buffer.concat(expectedAtClient.get(s.id) ?? []));
            expect(serverEnded.has(s.id)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
