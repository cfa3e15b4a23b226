// A Session Manager shell over a WebSocket, for the browser (and Node tests, which inject `ws`).
// Opens StreamUrl, sends the opening JSON, then speaks binary frames through a client DataChannel.
// Reconnecting after ResumeSession keeps the channel, so sequence numbers and unacknowledged input
// carry over to the new socket (docs/session-manager-protocol.md#reconnecting). The caller obtains the
// new token itself.
import { DataChannel, type ChannelOptions, type ChannelSnapshot, type SsmChannelError } from "./channel";
import { ChannelSocket, type DisconnectInfo, type SessionState, type WebSocketConstructor } from "./channel-socket";
import type { Clock } from "./clock";
import { PayloadType, type SsmFrameError } from "./codec";
import { Emitter } from "./emitter";
import { buildSizePayload, type SsmPayloadError } from "./payloads";
import { randomUuid } from "./uuid";

export type { DisconnectInfo, SessionState, SocketEvent, WebSocketConstructor, WebSocketLike } from "./channel-socket";

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
  private readonly socket: ChannelSocket;
  private lastSize: string | null = null;

  constructor(options: BrowserSessionOptions) {
    super();
    const clientVersion = options.clientVersion ?? "1.0.0.0";
    this.channel = new DataChannel({
      role: "client",
      clock: options.clock,
      clientVersion,
      supportedSessionTypes: options.supportedSessionTypes,
    });
    this.socket = new ChannelSocket(this.channel, {
      streamUrl: options.streamUrl,
      tokenValue: options.tokenValue,
      WebSocket: options.WebSocket,
      clientId: options.clientId ?? randomUuid(),
      clientVersion,
    });
    this.socket.on("disconnected", (info) => this.emit("disconnected", info));
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
      this.socket.close("channel closed");
      this.emit("closed", { output });
    });
  }

  get state(): SessionState {
    return this.socket.state;
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
    this.socket.connect();
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
  reconnect(tokenValue: string, streamUrl?: string): void {
    this.socket.reconnect(tokenValue, streamUrl);
  }

  /** Close locally. This does not terminate the session: call TerminateSession for that. */
  close(): void {
    this.socket.close();
    this.channel.close();
  }
}
