// A Session Manager shell over a WebSocket, for the browser (and Node tests, which inject `ws`).
// Opens StreamUrl, sends the opening JSON, then speaks binary frames through a client DataChannel.
// Reconnecting after ResumeSession keeps the channel, so sequence numbers and unacknowledged input
// carry over to the new socket (docs/session-manager-protocol.md#reconnecting). The caller obtains the
// new token itself.
import { DataChannel, type ChannelOptions, type ChannelSnapshot, type SsmChannelError } from "./channel";
import type { Clock } from "./clock";
import { PayloadType, type SsmFrameError } from "./codec";
import { Emitter } from "./emitter";
import { buildOpenDataChannelMessage, buildSizePayload, type SsmPayloadError } from "./payloads";
import { randomUuid } from "./uuid";

/** The fields read from open/message/close/error events (`type` keeps DOM and `ws` events assignable). */
export interface SocketEvent {
  type?: string;
  data?: unknown;
  code?: number;
  reason?: string;
}

/** The part of the WHATWG WebSocket this module uses; `ws` from npm satisfies it as well. */
export interface WebSocketLike {
  binaryType: string;
  send(data: string | ArrayBuffer | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: SocketEvent) => void): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface BrowserSessionOptions {
  streamUrl: string;
  tokenValue: string;
  /** Defaults to globalThis.WebSocket; pass `ws`'s WebSocket in Node. */
  WebSocket?: WebSocketConstructor;
  /** One id per session, reused on reconnect. */
  clientId?: string;
  /** Sent in the opening frame and the HandshakeResponse; agents read it as a dotted version. */
  clientVersion?: string;
  clock?: Clock;
  supportedSessionTypes?: ChannelOptions["supportedSessionTypes"];
}

export interface DisconnectInfo {
  code: number;
  reason: string;
  /** No frame arrived on that socket: the token was probably refused or expired. */
  refused: boolean;
}

export type SessionState = "idle" | "connecting" | "open" | "disconnected" | "closed";

export interface BrowserSessionEvents extends Record<string, unknown> {
  output: Uint8Array;
  ready: undefined;
  /** HandshakeComplete's CustomerMessage, when the agent sends one. */
  notice: string;
  /** The service closed the session (channel_closed); `output` is its message, possibly empty. */
  closed: { output: string };
  /** The socket went away without channel_closed; ResumeSession + reconnect() may continue it. */
  disconnected: DisconnectInfo;
  error: SsmChannelError;
  frameError: SsmFrameError | SsmPayloadError;
}

const encoder = new TextEncoder();

export class BrowserSession extends Emitter<BrowserSessionEvents> {
  private readonly channel: DataChannel;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly clientId: string;
  private readonly clientVersion: string;
  private streamUrl: string;
  private tokenValue: string;
  private socket: WebSocketLike | null = null;
  private currentState: SessionState = "idle";
  private lastSize: string | null = null;

  constructor(options: BrowserSessionOptions) {
    super();
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) throw new Error("No WebSocket implementation: pass options.WebSocket");
    this.WebSocketImpl = impl;
    this.streamUrl = options.streamUrl;
    this.tokenValue = options.tokenValue;
    this.clientId = options.clientId ?? randomUuid();
    this.clientVersion = options.clientVersion ?? "1.0.0.0";
    this.channel = new DataChannel({
      role: "client",
      clock: options.clock,
      clientVersion: this.clientVersion,
      supportedSessionTypes: options.supportedSessionTypes,
    });
    this.channel.on("data", ({ payloadType, payload }) => {
      if (payloadType === PayloadType.Output || payloadType === PayloadType.StdErr) this.emit("output", payload);
    });
    this.channel.on("ready", () => this.emit("ready", undefined));
    this.channel.on("handshakeComplete", ({ customerMessage }) => {
      if (customerMessage) this.emit("notice", customerMessage);
    });
    this.channel.on("error", (error) => this.emit("error", error));
    this.channel.on("frameError", (error) => this.emit("frameError", error));
    this.channel.on("closed", ({ output }) => {
      this.currentState = "closed";
      this.dropSocket(1000, "channel closed");
      this.emit("closed", { output });
    });
  }

  get state(): SessionState {
    return this.currentState;
  }

  snapshot(): ChannelSnapshot {
    return this.channel.snapshot();
  }

  onOutput(listener: (bytes: Uint8Array) => void): () => void {
    return this.on("output", listener);
  }
  onClosed(listener: (info: { output: string }) => void): () => void {
    return this.on("closed", listener);
  }
  onError(listener: (error: SsmChannelError) => void): () => void {
    return this.on("error", listener);
  }
  onDisconnected(listener: (info: DisconnectInfo) => void): () => void {
    return this.on("disconnected", listener);
  }

  /** Open the socket. Input and resizes sent before the shell is ready are held and sent in order. */
  connect(): void {
    if (this.currentState === "closed") throw new Error("session is closed");
    if (this.socket) return;
    const socket = new this.WebSocketImpl(this.streamUrl);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    this.currentState = "connecting";
    let receivedFrame = false;
    socket.addEventListener("open", () => {
      if (socket !== this.socket) return;
      socket.send(
        buildOpenDataChannelMessage({ tokenValue: this.tokenValue, clientId: this.clientId, clientVersion: this.clientVersion }),
      );
      this.currentState = "open";
      this.channel.attachTransport((frame) => socket.send(frame));
    });
    socket.addEventListener("message", (event: SocketEvent) => {
      if (socket !== this.socket) return;
      const data = event.data;
      if (data instanceof ArrayBuffer) {
        receivedFrame = true;
        this.channel.receive(new Uint8Array(data));
      } else if (ArrayBuffer.isView(data)) {
        receivedFrame = true;
        this.channel.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      }
      // Text frames carry nothing after the opening one; ignore them.
    });
    socket.addEventListener("close", (event: SocketEvent) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.channel.detachTransport();
      if (this.currentState === "closed") return;
      this.currentState = "disconnected";
      this.emit("disconnected", { code: event.code ?? 1006, reason: event.reason ?? "", refused: !receivedFrame });
    });
  }

  /** Keystrokes or pasted text; strings are sent as UTF-8. */
  sendInput(data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    if (bytes.length > 0) this.channel.sendStream(PayloadType.Output, bytes);
  }

  /** Terminal size; like the plugin, only a change is sent. */
  resize(cols: number, rows: number): void {
    const key = `${cols}x${rows}`;
    if (key === this.lastSize) return;
    this.lastSize = key;
    this.channel.sendStream(PayloadType.Size, buildSizePayload({ cols, rows }));
  }

  /**
   * Continue on a new socket with a token from ResumeSession. Sequence numbers and unacknowledged
   * input carry over; the opening frame is sent again with the new token. Only this object can
   * resume: a fresh BrowserSession (e.g. after a page reload) would restart at sequence 0, which the
   * agent drops as old, so start a new session instead.
   */
  reconnect(tokenValue: string, streamUrl: string = this.streamUrl): void {
    if (this.currentState === "closed") throw new Error("session is closed");
    this.tokenValue = tokenValue;
    this.streamUrl = streamUrl;
    this.dropSocket(1000, "reconnecting");
    this.connect();
  }

  /** Close locally. This does not terminate the session: call TerminateSession for that. */
  close(): void {
    this.currentState = "closed";
    this.channel.close();
    this.dropSocket(1000, "client closed");
  }

  private dropSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.channel.detachTransport();
    try {
      socket?.close(code, reason);
    } catch {
      // Closing a socket that never opened can throw in some implementations; it is gone either way.
    }
  }
}
