import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { encodeClientFrame, FrameReader, loadNodeWebSocket, NodeWebSocket } from "@/cli/websocket";
import type { SocketEvent } from "@/lib/ssm/channel-socket";

// cli/'s RFC 6455 client (Node 20 has no global WebSocket): frames against the RFC's own examples and a decoder
// fed arbitrary splits, then the whole client against the `ws` server: binary and text both ways, large messages
// (16- and 64-bit lengths), ping answered, the close handshake, and a refused upgrade reported as a close.

/** A server frame (unmasked), as `ws` would send it. */
function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126) {
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = length < 65536 ? 126 : 127;
    if (length < 65536) header.writeUInt16BE(length, 2);
    else header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

beforeAll(async () => {
  await loadNodeWebSocket();
});

describe("frames", () => {
  it("masks as RFC 6455 §5.7 shows: a masked text 'Hello'", () => {
    const frame = encodeClientFrame(0x1, Buffer.from("Hello"), Buffer.from([0x37, 0xfa, 0x21, 0x3d]));
    expect([...frame]).toEqual([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
  });

  it("uses 16- and 64-bit lengths past 125 and 65535 bytes", () => {
    expect([...encodeClientFrame(0x2, Buffer.alloc(256), Buffer.alloc(4)).subarray(0, 4)]).toEqual([0x82, 0xfe, 0x01, 0x00]);
    expect([...encodeClientFrame(0x2, Buffer.alloc(65536), Buffer.alloc(4)).subarray(0, 10)]).toEqual([0x82, 0xff, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it("masks any payload so that XOR with the key gives it back, at any length and alignment", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ minLength: 4, maxLength: 4 }), (payload, mask) => {
        const frame = encodeClientFrame(0x2, payload, mask);
        const start = frame.length - payload.length;
        const unmasked = frame.subarray(start).map((byte, i) => byte ^ mask[i & 3]!);
        expect(Buffer.from(unmasked).equals(Buffer.from(payload))).toBe(true);
        expect([...frame.subarray(start - 4, start)]).toEqual([...mask]);
      }),
      { numRuns: 200 },
    );
  });

  it("decodes server frames however the bytes are split across reads", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 70_000 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 20 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((p) => serverFrame(0x2, Buffer.from(p))));
          const reader = new FrameReader();
          const got: Buffer[] = [];
          let offset = 0;
          for (let i = 0; offset < stream.length; i++) {
            const size = cuts[i % cuts.length]!;
            got.push(...reader.push(stream.subarray(offset, offset + size)).map((f) => f.payload));
            offset += size;
          }
          expect(got.map((b) => Buffer.from(b).toString("hex"))).toEqual(payloads.map((p) => Buffer.from(p).toString("hex")));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("NodeWebSocket against ws", () => {
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  afterEach(async () => {
    wss?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function listen(onConnection: (socket: import("ws").WebSocket) => void): Promise<string> {
    server = createServer((_, response) => response.writeHead(403).end("no"));
    wss = new WebSocketServer({ noServer: true });
    server.on("upgrade", (request, socket, head) => {
      if (request.url === "/refuse") return socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      wss!.handleUpgrade(request, socket, head, (ws) => onConnection(ws));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function events(socket: NodeWebSocket) {
    const seen: { type: string; event: SocketEvent }[] = [];
    for (const type of ["open", "message", "close", "error"] as const) socket.addEventListener(type, (event) => seen.push({ type, event }));
    return seen;
  }

  it("carries text and binary both ways (large messages too), answers ping, and closes cleanly", async () => {
    const received: Buffer[] = [];
    let pong = false;
    const base = await listen((ws) => {
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        received.push(data);
        if (isBinary) ws.send(data);
        else {
          ws.ping(Buffer.from("p"));
          ws.on("pong", () => {
            pong = true;
            ws.send("after-pong");
          });
        }
      });
    });
    const socket = new NodeWebSocket(`${base}/v1/data-channel/s-1?role=publish_subscribe`);
    const seen = events(socket);
    await expect.poll(() => seen.some((e) => e.type === "open")).toBe(true);
    const big = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    socket.send(new Uint8Array(big));
    socket.send('{"MessageSchemaVersion":"1.0"}');
    await expect.poll(() => seen.filter((e) => e.type === "message").length, { timeout: 5000 }).toBe(2);
    const [echoed, text] = seen.filter((e) => e.type === "message").map((e) => e.event.data);
    expect(Buffer.from(echoed as ArrayBuffer).equals(big)).toBe(true);
    expect(text).toBe("after-pong");
    expect(pong).toBe(true);
    expect(received[1]!.toString()).toBe('{"MessageSchemaVersion":"1.0"}');
    socket.close(1000, "done");
    await expect.poll(() => seen.find((e) => e.type === "close")?.event).toMatchObject({ code: 1000, reason: "done" });
  });

  it("reports a close from the server with its code, and a refused upgrade as an error and a close", async () => {
    const base = await listen((ws) => ws.close(4001, "token expired"));
    const closed = events(new NodeWebSocket(`${base}/x`));
    await expect.poll(() => closed.find((e) => e.type === "close")?.event).toMatchObject({ code: 4001, reason: "token expired" });
    const refused = events(new NodeWebSocket(`${base}/refuse`));
    await expect.poll(() => refused.map((e) => e.type)).toEqual(["error", "close"]);
    expect(refused[1]!.event.code).toBe(1006);
  });
});
