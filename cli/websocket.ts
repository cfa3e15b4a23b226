// A minimal RFC 6455 WebSocket client over node:http/node:https, for the Session Manager data channel: Node 20 has
// no global WebSocket (it is behind --experimental-websocket there), and the bundle takes no dependencies. What a
// data channel needs and nothing more: the opening handshake (Sec-WebSocket-Key/Accept checked), masked client
// frames, text and binary messages (fragmented ones reassembled), ping answered with pong, and the close
// handshake. It has the shape lib/ssm's ChannelSocket expects (WebSocketLike), so a global WebSocket, `ws`, or this
// one can be passed in. Where Node has a global WebSocket (22 and later), commands use that one instead.
import type * as NodeCrypto from "node:crypto";
import type * as NodeHttp from "node:http";
import type { IncomingMessage } from "node:http";
import type * as NodeHttps from "node:https";
import type { Socket } from "node:net";
import type { SocketEvent, WebSocketLike } from "@/lib/ssm/channel-socket";

// node:crypto, node:http and node:https are loaded when a session command needs them (loadNodeWebSocket), not at
// start-up: `gatehouse credentials`, run by every aws call, never loads them.
let modules: { crypto: typeof NodeCrypto; http: typeof NodeHttp; https: typeof NodeHttps } | null = null;
const loaded = () => {
  if (!modules) throw new Error("call loadNodeWebSocket() first");
  return modules;
};

/** Loads what the client needs and returns it (call once before the first session). */
export async function loadNodeWebSocket(): Promise<typeof NodeWebSocket> {
  if (!modules) {
    const [crypto, http, https] = await Promise.all([import("node:crypto"), import("node:http"), import("node:https")]);
    modules = { crypto, http, https };
  }
  return NodeWebSocket;
}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

type Listener = (event: SocketEvent) => void;
type EventName = "open" | "message" | "close" | "error";

const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

// Masking keys come from the CSPRNG (RFC 6455 §10.3 asks for unpredictable keys), drawn 4 bytes at a time from a
// pool refilled 4 KiB at once: one randomFillSync per frame was a tenth of a forward's CPU time.
const maskPool = Buffer.allocUnsafe(4096);
let maskOffset = maskPool.length;
function nextMask(): Uint8Array {
  if (maskOffset === maskPool.length) {
    loaded().crypto.randomFillSync(maskPool);
    maskOffset = 0;
  }
  maskOffset += 4;
  return maskPool.subarray(maskOffset - 4, maskOffset);
}

/** One client frame: FIN set, the payload masked with a fresh 4-byte key (RFC 6455 §5.3). */
export function encodeClientFrame(opcode: number, payload: Uint8Array, mask: Uint8Array = nextMask()): Buffer {
  const length = payload.length;
  const headerLength = 2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x80 | opcode;
  let offset = 2;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
    offset = 4;
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
    offset = 10;
  }
  frame[offset] = mask[0]!;
  frame[offset + 1] = mask[1]!;
  frame[offset + 2] = mask[2]!;
  frame[offset + 3] = mask[3]!;
  offset += 4;
  // Four bytes at a time where the payload allows, then the tail byte by byte.
  const key = frame.readInt32LE(offset - 4);
  const words = length >>> 2;
  frame.set(payload, offset);
  if (offset % 4 === 0 || words < 16) {
    for (let i = 0; i < words; i++) frame.writeInt32LE(frame.readInt32LE(offset + 4 * i) ^ key, offset + 4 * i);
  } else {
    const view = new DataView(frame.buffer, frame.byteOffset + offset, words * 4);
    for (let i = 0; i < words; i++) view.setInt32(4 * i, view.getInt32(4 * i, true) ^ key, true);
  }
  for (let i = words * 4; i < length; i++) frame[offset + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

export interface DecodedFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** Reads server frames from a byte stream (unmasked, possibly split or joined across TCP reads). */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): DecodedFrame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: DecodedFrame[] = [];
    for (;;) {
      const data = this.buffered;
      if (data.length < 2) break;
      const fin = (data[0]! & 0x80) !== 0;
      const opcode = data[0]! & 0x0f;
      const masked = (data[1]! & 0x80) !== 0;
      let length = data[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (data.length < 4) break;
        length = data.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (data.length < 10) break;
        const big = data.readBigUInt64BE(2);
        if (big > BigInt(MAX_MESSAGE_BYTES)) throw new Error("WebSocket frame too large");
        length = Number(big);
        offset = 10;
      }
      if (length > MAX_MESSAGE_BYTES) throw new Error("WebSocket frame too large");
      const maskOffset = offset;
      if (masked) offset += 4;
      if (data.length < offset + length) break;
      let payload = data.subarray(offset, offset + length);
      if (masked) {
        payload = Buffer.from(payload);
        for (let i = 0; i < payload.length; i++) payload[i]! ^= data[maskOffset + (i & 3)]!;
      }
      frames.push({ fin, opcode, payload });
      this.buffered = data.subarray(offset + length);
    }
    return frames;
  }
}

export class NodeWebSocket implements WebSocketLike {
  binaryType = "arraybuffer";
  private readonly listeners: Record<EventName, Listener[]> = { open: [], message: [], close: [], error: [] };
  private socket: Socket | null = null;
  private readonly reader = new FrameReader();
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private closed = false;
  private closeSent = false;
  private closeInfo: { code: number; reason: string } | null = null;
  private corked = false;

  constructor(url: string) {
    const target = new URL(url);
    const secure = target.protocol === "wss:" || target.protocol === "https:";
    if (!secure && target.protocol !== "ws:" && target.protocol !== "http:") throw new Error(`not a WebSocket URL: ${target.protocol}`);
    const { crypto, http, https } = loaded();
    const key = crypto.randomBytes(16).toString("base64");
    const request = (secure ? https.request : http.request)({
      protocol: secure ? "https:" : "http:",
      hostname: target.hostname.replace(/^\[|\]$/g, ""),
      port: target.port || (secure ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": key },
    });
    request.on("upgrade", (response: IncomingMessage, socket: Socket, head: Buffer) => {
      const expected = crypto
        .createHash("sha1")
        .update(key + GUID)
        .digest("base64");
      if (response.headers["sec-websocket-accept"] !== expected) {
        socket.destroy();
        return this.finish(1002, "bad Sec-WebSocket-Accept", true);
      }
      this.attach(socket, head);
    });
    request.on("response", (response: IncomingMessage) => {
      response.resume();
      this.finish(1006, `HTTP ${response.statusCode ?? 0} instead of a WebSocket upgrade`, true);
    });
    request.on("error", (error: Error) => this.finish(1006, (error as NodeJS.ErrnoException).code ?? error.message, true));
    request.end();
  }

  addEventListener(type: EventName, listener: Listener): void {
    this.listeners[type].push(listener);
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    if (!this.socket || this.closeSent) throw new Error("WebSocket is not open");
    this.write(
      typeof data === "string"
        ? encodeClientFrame(OP.text, Buffer.from(data, "utf8"))
        : encodeClientFrame(OP.binary, data instanceof Uint8Array ? data : new Uint8Array(data)),
    );
  }

  /** Frames sent in one turn of the event loop go to the kernel together (a channel sends a message and its acks). */
  private write(frame: Buffer): void {
    const socket = this.socket!;
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    socket.write(frame);
  }

  /** How many bytes are queued in the socket, not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.socket?.writableLength ?? 0;
  }

  close(code = 1000, reason = ""): void {
    if (this.closed) return;
    if (!this.socket) return this.finish(code, reason, false);
    if (!this.closeSent) {
      this.closeSent = true;
      const body = Buffer.alloc(2 + Buffer.byteLength(reason));
      body.writeUInt16BE(code, 0);
      body.write(reason, 2, "utf8");
      this.socket.write(encodeClientFrame(OP.close, body.subarray(0, 125)));
      this.closeInfo = { code, reason };
      // The server answers with its own close and ends the TCP connection; do not wait for ever.
      setTimeout(() => this.socket?.destroy(), 1000).unref();
    }
  }

  private attach(socket: Socket, head: Buffer): void {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => this.finish(this.closeInfo?.code ?? 1006, this.closeInfo?.reason ?? "", false));
    socket.on("error", () => undefined);
    this.dispatch("open", { type: "open" });
    if (head.length > 0) this.receive(head);
  }

  private receive(chunk: Buffer): void {
    let frames: DecodedFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch {
      this.closeInfo = { code: 1009, reason: "frame too large" };
      this.socket?.destroy();
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      this.handle(frame);
    }
  }

  private handle({ fin, opcode, payload }: DecodedFrame): void {
    switch (opcode) {
      case OP.ping:
        if (!this.closeSent && this.socket) this.write(encodeClientFrame(OP.pong, payload));
        return;
      case OP.pong:
        return;
      case OP.close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.length > 2 ? payload.subarray(2).toString("utf8") : "";
        this.closeInfo = { code, reason };
        if (!this.closeSent) {
          this.closeSent = true;
          this.socket?.write(encodeClientFrame(OP.close, payload.subarray(0, 2)));
        }
        this.socket?.end();
        return;
      }
      case OP.text:
      case OP.binary:
      case OP.continuation: {
        if (opcode !== OP.continuation) {
          this.fragmentOpcode = opcode;
          this.fragments = [];
        }
        this.fragments.push(payload);
        if (!fin) return;
        const whole = this.fragments.length === 1 ? this.fragments[0]! : Buffer.concat(this.fragments);
        this.fragments = [];
        if (this.fragmentOpcode === OP.text) this.dispatch("message", { type: "message", data: whole.toString("utf8") });
        else this.dispatch("message", { type: "message", data: whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) });
        return;
      }
      default:
        this.closeInfo = { code: 1002, reason: `unknown opcode ${opcode}` };
        this.socket?.destroy();
    }
  }

  private finish(code: number, reason: string, failed: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (failed) this.dispatch("error", { type: "error", reason });
    this.dispatch("close", { type: "close", code, reason });
  }

  private dispatch(type: EventName, event: SocketEvent): void {
    for (const listener of this.listeners[type]) listener(event);
  }
}
