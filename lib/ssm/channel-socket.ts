// A DataChannel over a WebSocket: opens StreamUrl, sends the opening JSON, then carries binary frames both ways.
// Shared by shells (browser-session.ts) and port sessions (port-session.ts). Reconnecting after ResumeSession
// keeps the channel, so sequence numbers and unacknowledged messages carry over to the new socket
// (docs/session-manager-protocol.md#opening-the-socket, #reconnecting). Isomorphic: the browser's WebSocket, or
// `ws` (or Node 22's global WebSocket) injected in Node.
import type { DataChannel } from "./channel";
import { Emitter } from "./emitter";
import { buildOpenDataChannelMessage } from "./payloads";

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

export interface DisconnectInfo {
  code: number;
  reason: string;
  /** No frame arrived on that socket: the token was probably refused or expired. */
  refused: boolean;
}

export type SessionState = "idle" | "connecting" | "open" | "disconnected" | "closed";

export interface ChannelSocketOptions {
  streamUrl: string;
  tokenValue: string;
  /** Defaults to globalThis.WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** One id per session, reused on reconnect. */
  clientId: string;
  /** Sent in the opening frame. */
  clientVersion: string;
}

export interface ChannelSocketEvents extends Record<string, unknown> {
  /** The socket went away without channel_closed; ResumeSession + reconnect() may continue it. */
  disconnected: DisconnectInfo;
}

export class ChannelSocket extends Emitter<ChannelSocketEvents> {
  private readonly WebSocketImpl: WebSocketConstructor;
  private streamUrl: string;
  private tokenValue: string;
  private socket: WebSocketLike | null = null;
  private currentState: SessionState = "idle";

  constructor(
    private readonly channel: DataChannel,
    private readonly options: ChannelSocketOptions,
  ) {
    super();
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) throw new Error("No WebSocket implementation: pass options.WebSocket");
    this.WebSocketImpl = impl;
    this.streamUrl = options.streamUrl;
    this.tokenValue = options.tokenValue;
  }

  get state(): SessionState {
    return this.currentState;
  }

  /** Open the socket (no-op while one is open). */
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
      socket.send(buildOpenDataChannelMessage({ tokenValue: this.tokenValue, clientId: this.options.clientId, clientVersion: this.options.clientVersion }));
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

  /** Continue on a new socket with a token from ResumeSession; the opening frame is sent again. */
  reconnect(tokenValue: string, streamUrl: string = this.streamUrl): void {
    if (this.currentState === "closed") throw new Error("session is closed");
    this.tokenValue = tokenValue;
    this.streamUrl = streamUrl;
    this.drop(1000, "reconnecting");
    this.connect();
  }

  /** The session is over (closed here or by the service): close the socket for good. */
  close(reason = "client closed"): void {
    this.currentState = "closed";
    this.drop(1000, reason);
  }

  private drop(code: number, reason: string): void {
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
