// The client side of a Session Manager port session (AWS-StartPortForwardingSession, …ToRemoteHost,
// AWS-StartSSHSession) over the reliable data channel (docs/session-manager-protocol.md#port-sessions).
// After the handshake it runs in one of the plugin's three modes:
// - "mux": the document's type is LocalPortForwarding and the agent is newer than 3.0.196.0; every TCP
//   connection is an smux v1 stream, all of them carried as Output payloads;
// - "basic": LocalPortForwarding with an older agent, or when the agent was asked for basic mode (a ClientVersion
//   below 1.1.70): one connection at a time, its bytes as Output, DisconnectToPort when it ends;
// - "stream": no type (AWS-StartSSHSession): one byte stream for the whole session, as the plugin's
//   standard-stream forwarding does for ssh's ProxyCommand.
// Isomorphic; port-forwarder.ts plugs local sockets into it.
import { DataChannel, type HandshakeInfo, type SsmChannelError } from "./channel";
import { ChannelSocket, type DisconnectInfo, type WebSocketConstructor } from "./channel-socket";
import type { Clock } from "./clock";
import { PayloadType, PayloadTypeFlag, SessionTypeName, type SsmFrameError } from "./codec";
import { Emitter } from "./emitter";
import type { SsmPayloadError } from "./payloads";
import { SMUX_KEEPALIVE, SmuxError, SmuxSession } from "./smux";
import { randomUuid } from "./uuid";
import {
  agentDisablesKeepAlive,
  agentSupportsMux,
  agentSupportsTerminateFlag,
  BASIC_PORT_CLIENT_VERSION,
  clientSupportsMux,
  PORT_CLIENT_VERSION,
} from "./versions";

/** The plugin's text for a ConnectToPortError flag (muxportforwarding.go). */
export const CONNECT_TO_PORT_ERROR_MESSAGE = "Connection to destination port failed, check SSM Agent logs.";
/** How long terminate() waits for the service's channel_closed before it closes the socket itself. */
const TERMINATE_WAIT_MS = 3_000;
/** The `type` property of the port-forwarding documents. */
export const LOCAL_PORT_FORWARDING = "LocalPortForwarding";

export type PortSessionMode = "mux" | "basic" | "stream";

/** The session document's properties, as the agent repeats them in the handshake (all strings on the wire). */
export interface PortProperties {
  portNumber?: string;
  host?: string;
  localPortNumber?: string;
  type?: string;
}

export interface PortSessionInfo {
  mode: PortSessionMode;
  agentVersion: string;
  properties: PortProperties;
  /** Mux mode: whether this side sends smux NOP keepalives (agents up to 3.1.1511.0 expect them). */
  keepAlive: boolean;
}

/** What the forwarder needs of a stream, whichever the mode: smux streams and basic connections alike. */
export interface PortStream {
  readonly id: number;
  write(bytes: Uint8Array): boolean;
  /** The local side is done sending. */
  end(): void;
  /** Drop it now. */
  destroy(): void;
  pause(): void;
  resume(): void;
  on<K extends keyof PortStreamEvents>(event: K, listener: (arg: PortStreamEvents[K]) => void): () => void;
}

export interface PortStreamEvents extends Record<string, unknown> {
  /** Bytes from the destination, in order. */
  data: Uint8Array;
  /** The destination side is done sending. */
  end: undefined;
  /** The stream is gone; `error` when it failed (a SmuxError with code "closed" is an orderly end of the session). */
  close: { error?: Error };
  /** Writable again after write() returned false. */
  drain: undefined;
}

export interface PortSessionEvents extends Record<string, unknown> {
  /** The handshake is done and the mode is known: streams can be opened. */
  ready: PortSessionInfo;
  /** The agent could not connect to the destination for a new stream (ConnectToPortError); it closes that stream. */
  connectError: { message: string };
  /** The service closed the session (channel_closed); `output` is its message, possibly empty. */
  closed: { output: string };
  /** The socket went away without channel_closed; ResumeSession + reconnect() may continue it. */
  disconnected: DisconnectInfo;
  /** Fatal: the handshake was refused, a message was never acknowledged, or the smux session broke. */
  error: SsmChannelError | SmuxError;
  frameError: SsmFrameError | SsmPayloadError;
  /** The data channel can take more after a write returned false. */
  drain: undefined;
}

export interface PortSessionOptions {
  /** From StartSession. Leave both out to drive `channel` directly (tests, or another transport). */
  streamUrl?: string;
  tokenValue?: string;
  WebSocket?: WebSocketConstructor;
  clientId?: string;
  clock?: Clock;
  /**
   * "auto" (default): multiplex when the agent can; "basic": tell the agent to use basic mode by sending a
   * ClientVersion below 1.1.70 (one connection at a time, no smux).
   */
  mode?: "auto" | "basic";
  /** Overrides the ClientVersion that `mode` picks. */
  clientVersion?: string;
}

const flagPayload = (flag: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, flag, false);
  return bytes;
};

function readProperties(value: unknown): PortProperties {
  const props: PortProperties = {};
  if (value === null || typeof value !== "object") return props;
  const record = value as Record<string, unknown>;
  for (const key of ["portNumber", "host", "localPortNumber", "type"] as const) {
    const v = record[key];
    if (typeof v === "string") props[key] = v;
    else if (typeof v === "number") props[key] = String(v);
  }
  return props;
}

export class PortSession extends Emitter<PortSessionEvents> {
  /** The data channel underneath; attach a transport yourself when no streamUrl was given. */
  readonly channel: DataChannel;
  private readonly socket: ChannelSocket | null;
  private readonly clock: Clock | undefined;
  private readonly clientVersion: string;
  private handshake: HandshakeInfo | null = null;
  private sessionInfo: PortSessionInfo | null = null;
  private mux: SmuxSession | null = null;
  private single: BasicStream | null = null;
  private singleUsed = false;
  /** Output that arrived before the first connection (a server that speaks first, e.g. sshd's banner). */
  private early: Uint8Array[] = [];
  private ended = false;

  constructor(options: PortSessionOptions = {}) {
    super();
    this.clock = options.clock;
    this.clientVersion = options.clientVersion ?? (options.mode === "basic" ? BASIC_PORT_CLIENT_VERSION : PORT_CLIENT_VERSION);
    this.channel = new DataChannel({
      role: "client",
      clock: options.clock,
      clientVersion: this.clientVersion,
      supportedSessionTypes: [SessionTypeName.Port],
    });
    this.socket =
      options.streamUrl !== undefined && options.tokenValue !== undefined
        ? new ChannelSocket(this.channel, {
            streamUrl: options.streamUrl,
            tokenValue: options.tokenValue,
            WebSocket: options.WebSocket,
            clientId: options.clientId ?? randomUuid(),
            clientVersion: this.clientVersion,
          })
        : null;
    this.socket?.on("disconnected", (info) => this.emit("disconnected", info));
    this.channel.on("handshakeRequest", (info) => (this.handshake = info));
    this.channel.on("ready", () => this.start());
    this.channel.on("data", ({ payloadType, payload }) => this.receive(payloadType, payload));
    this.channel.on("drain", () => {
      this.mux?.notifyDrain();
      this.single?.notifyDrain();
      this.emit("drain", undefined);
    });
    this.channel.on("error", (error) => this.fail(error));
    this.channel.on("frameError", (error) => this.emit("frameError", error));
    this.channel.on("closed", ({ output }) => {
      this.shutdown(new SmuxError("closed", output || "The session was closed."));
      this.emit("closed", { output });
    });
  }

  /** Null until the handshake is done. */
  get info(): PortSessionInfo | null {
    return this.sessionInfo;
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Resolves when streams can be opened; rejects if the session ends first. */
  whenReady(): Promise<PortSessionInfo> {
    if (this.sessionInfo) return Promise.resolve(this.sessionInfo);
    if (this.ended) return Promise.reject(new Error("the session is closed"));
    return new Promise((resolve, reject) => {
      const offs = [
        this.on("ready", (info) => (offs.forEach((off) => off()), resolve(info))),
        this.on("closed", ({ output }) => (offs.forEach((off) => off()), reject(new Error(output || "The session was closed before it was ready.")))),
        this.on("error", (error) => (offs.forEach((off) => off()), reject(error))),
      ];
    });
  }

  connect(): void {
    if (!this.socket) throw new Error("no streamUrl/tokenValue: attach the channel's transport yourself");
    this.socket.connect();
  }

  reconnect(tokenValue: string, streamUrl?: string): void {
    if (!this.socket) throw new Error("no streamUrl/tokenValue: attach the channel's transport yourself");
    this.socket.reconnect(tokenValue, streamUrl);
  }

  /**
   * A stream for one local connection. Mux: a new smux stream (any number at once). Basic and stream mode: the one
   * connection, which must have closed before the next is opened (`canOpenStream`).
   */
  openStream(): PortStream {
    const info = this.sessionInfo;
    if (!info || this.ended) throw new Error(this.ended ? "the session is closed" : "the session is not ready yet");
    if (this.mux) return this.mux.openStream();
    if (!this.canOpenStream) throw new Error(info.mode === "stream" ? "this session carries a single stream" : "basic mode carries one connection at a time");
    const stream = new BasicStream(this.singleUsed ? 1 : 0, this, info.mode === "stream");
    this.single = stream;
    this.singleUsed = true;
    const early = this.early;
    this.early = [];
    // Deliver what the destination said before anyone connected, once the caller has attached its listeners.
    if (early.length > 0) queueMicrotask(() => early.forEach((bytes) => stream.push(bytes)));
    return stream;
  }

  /** Mux: always (until closed). Basic: when no connection is open. Stream: once. */
  get canOpenStream(): boolean {
    const info = this.sessionInfo;
    if (!info || this.ended) return false;
    if (info.mode === "mux") return true;
    if (info.mode === "stream") return !this.singleUsed;
    return this.single === null;
  }

  /**
   * End the session from this side: the TerminateSession flag, as the plugin sends on Ctrl-C (mux always; basic and
   * stream mode when the agent is newer than 2.3.722.0). Returns false when the agent is too old for the flag, in
   * which case call the TerminateSession API. The local side is closed either way: when channel_closed arrives
   * (the "closed" event), or after a few seconds without it.
   */
  terminate(): boolean {
    const info = this.sessionInfo;
    const flag = !!info && (info.mode === "mux" || agentSupportsTerminateFlag(info.agentVersion));
    if (!flag || !this.socket) {
      if (flag) this.sendFlag(PayloadTypeFlag.TerminateSession);
      this.close();
      return flag;
    }
    // The agent ends the session and the service sends channel_closed ("closed"); close locally if that takes long.
    const timer = setTimeout(() => this.close(), TERMINATE_WAIT_MS);
    const offClosed = this.on("closed", () => {
      clearTimeout(timer);
      offClosed();
    });
    this.sendFlag(PayloadTypeFlag.TerminateSession);
    return flag;
  }

  /** Close locally (the session goes on at AWS until it times out or is terminated). */
  close(): void {
    this.shutdown(new SmuxError("closed", "The session was closed."));
    this.socket?.close();
    this.channel.close();
  }

  /** @internal Basic/stream mode writes. */
  sendOutput(bytes: Uint8Array): boolean {
    if (this.ended || bytes.length === 0) return !this.ended;
    return this.channel.sendStream(PayloadType.Output, bytes);
  }

  /** @internal */
  sendFlag(flag: number): void {
    if (!this.ended) this.channel.sendStream(PayloadType.Flag, flagPayload(flag));
  }

  /** @internal A basic connection ended: in basic mode the agent is told, and the next one may open. */
  releaseSingle(stream: BasicStream, sendDisconnect: boolean): void {
    if (this.single !== stream) return;
    this.single = null;
    if (sendDisconnect) this.sendFlag(PayloadTypeFlag.DisconnectToPort);
  }

  private start(): void {
    const handshake = this.handshake;
    const properties = readProperties(handshake?.properties);
    const agentVersion = handshake?.agentVersion ?? "";
    let mode: PortSessionMode = "stream";
    const keepAlive = !agentDisablesKeepAlive(agentVersion);
    if (properties.type === LOCAL_PORT_FORWARDING) {
      // Both sides must come to the same answer: the plugin's rule on the agent's version, and the agent's own rule
      // on the ClientVersion this client sent (docs/session-manager-protocol.md#mux-or-basic-mode).
      mode = agentSupportsMux(agentVersion) && clientSupportsMux(this.clientVersion) ? "mux" : "basic";
    }
    if (mode === "mux") {
      const mux = new SmuxSession({
        role: "client",
        send: (bytes) => this.channel.sendStream(PayloadType.Output, bytes),
        // Newer agents turn smux keepalive off, as the plugin does; older ones time out a silent session.
        keepAlive: keepAlive ? SMUX_KEEPALIVE : false,
        clock: this.clock,
      });
      mux.on("close", ({ error }) => {
        if (error && error.code !== "closed") this.fail(error);
      });
      this.mux = mux;
    }
    this.sessionInfo = { mode, agentVersion, properties, keepAlive: mode === "mux" && keepAlive };
    this.emit("ready", this.sessionInfo);
  }

  private receive(payloadType: number, payload: Uint8Array): void {
    if (payloadType === PayloadType.Flag) {
      if (payload.length >= 4 && new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, false) === PayloadTypeFlag.ConnectToPortError) {
        this.emit("connectError", { message: CONNECT_TO_PORT_ERROR_MESSAGE });
      }
      return;
    }
    if (payloadType !== PayloadType.Output) return;
    if (this.mux) return this.mux.receive(payload);
    if (this.single) return this.single.push(payload);
    // Before the first connection the destination may already have spoken (basic mode dials at the start); after a
    // connection has closed, what still arrives belongs to the destination connection that went with it.
    if (!this.singleUsed) this.early.push(payload);
  }

  private fail(error: SsmChannelError | SmuxError): void {
    if (this.ended) return;
    this.shutdown(error instanceof SmuxError ? error : new SmuxError("closed", error.message));
    this.socket?.close("session failed");
    this.channel.close();
    this.emit("error", error);
  }

  private shutdown(reason: SmuxError): void {
    if (this.ended) return;
    this.ended = true;
    this.mux?.close(reason);
    this.single?.sessionClosed(reason);
    this.single = null;
    this.early = [];
  }
}

/** The one connection of a basic or standard-stream session. */
class BasicStream extends Emitter<PortStreamEvents> implements PortStream {
  private paused = false;
  private readonly queued: Uint8Array[] = [];
  private closed = false;

  constructor(
    readonly id: number,
    private readonly session: PortSession,
    private readonly wholeSession: boolean,
  ) {
    super();
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) throw new Error("the connection is closed");
    return this.session.sendOutput(bytes);
  }

  /**
   * Basic mode: DisconnectToPort, so the agent closes its side and dials again for the next connection. Stream mode:
   * the session is over (TerminateSession, as the plugin ends when its standard input does).
   */
  end(): void {
    if (this.closed) return;
    if (this.wholeSession) {
      this.release();
      this.session.terminate();
      return;
    }
    this.release();
  }

  destroy(): void {
    this.end();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    while (!this.paused && this.queued.length > 0) this.emit("data", this.queued.shift()!);
  }

  push(bytes: Uint8Array): void {
    if (this.closed) return;
    if (this.paused) this.queued.push(bytes);
    else this.emit("data", bytes);
  }

  notifyDrain(): void {
    if (!this.closed) this.emit("drain", undefined);
  }

  sessionClosed(error: SmuxError): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("end", undefined);
    this.emit("close", { error });
  }

  private release(): void {
    this.closed = true;
    this.queued.length = 0;
    this.session.releaseSingle(this, !this.wholeSession);
    this.emit("close", {});
  }
}
