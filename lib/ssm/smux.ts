// smux protocol version 1: the stream multiplexer Session Manager runs over the data channel for port forwarding
// with several TCP connections at once (docs/session-manager-protocol.md#smux-v1-frames). Written from the wire
// format of xtaci/smux v1.5.15/v1.5.16, the versions amazon-ssm-agent and session-manager-plugin use; no npm
// package speaks multi-stream v1 (docs/session-manager-protocol.md#why-gatehouse-has-its-own-smux).
// Isomorphic and event-driven: bytes come in through receive() and go out through the `send` callback, so the
// same code runs over a data channel in the browser, in Node, and in the sandbox's agent.
import { systemClock, type Clock, type TimerHandle } from "./clock";
import { Emitter } from "./emitter";

/** The protocol version SSM negotiates on both sides (smux.DefaultConfig()). */
export const SMUX_VERSION = 1;
/** VERSION(1) CMD(1) LENGTH(2, little-endian) STREAMID(4, little-endian). */
export const SMUX_HEADER_SIZE = 8;
/** smux.DefaultConfig().MaxFrameSize: PSH payloads are split at this size. */
export const SMUX_MAX_FRAME_SIZE = 32_768;
/** smux.DefaultConfig() keepalive: a NOP every 10 s; the session closes after 30 s with nothing received. */
export const SMUX_KEEPALIVE = { intervalMs: 10_000, timeoutMs: 30_000 } as const;
/** Body of a version-2 UPD frame: consumed (uint32 LE) then window (uint32 LE). */
export const SMUX_UPD_SIZE = 8;

export const SmuxCmd = {
  /** Open stream `streamId`. */
  Syn: 0,
  /** Close stream `streamId` (the EOF mark). */
  Fin: 1,
  /** Data for stream `streamId`. */
  Psh: 2,
  /** Keepalive, always stream 0. */
  Nop: 3,
  /** Version 2 only: window update. */
  Upd: 4,
} as const;

export interface SmuxFrame {
  version: number;
  cmd: number;
  streamId: number;
  /** PSH: the payload; UPD: the 8-byte body; empty for SYN, FIN and NOP. */
  data: Uint8Array;
}

export type SmuxErrorCode = "invalid-protocol" | "invalid-frame" | "go-away" | "keepalive-timeout" | "closed";

export class SmuxError extends Error {
  override readonly name = "SmuxError";
  constructor(
    readonly code: SmuxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const EMPTY = new Uint8Array(0);

/** One frame on the wire. SYN, FIN and NOP carry no body (Length 0), as smux writes them. */
export function encodeSmuxFrame(frame: SmuxFrame): Uint8Array {
  const { version, cmd, streamId, data } = frame;
  if (!Number.isInteger(version) || version < 0 || version > 0xff) throw new SmuxError("invalid-frame", "version must be a byte");
  if (!Number.isInteger(cmd) || cmd < 0 || cmd > 0xff) throw new SmuxError("invalid-frame", "cmd must be a byte");
  if (!Number.isInteger(streamId) || streamId < 0 || streamId > 0xffff_ffff) throw new SmuxError("invalid-frame", "stream id must be a uint32");
  if (data.length > 0xffff) throw new SmuxError("invalid-frame", "a frame carries at most 65535 bytes");
  const bodyless = cmd === SmuxCmd.Syn || cmd === SmuxCmd.Fin || cmd === SmuxCmd.Nop;
  if (bodyless && data.length > 0) throw new SmuxError("invalid-frame", "SYN, FIN and NOP frames carry no data");
  if (cmd === SmuxCmd.Upd && data.length !== SMUX_UPD_SIZE) throw new SmuxError("invalid-frame", "a UPD frame carries exactly 8 bytes");
  const bytes = new Uint8Array(SMUX_HEADER_SIZE + data.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = version;
  bytes[1] = cmd;
  view.setUint16(2, data.length, true);
  view.setUint32(4, streamId, true);
  bytes.set(data, SMUX_HEADER_SIZE);
  return bytes;
}

/** A version-2 UPD body, for completeness of the codec (SSM never sends one). */
export function encodeUpdBody(consumed: number, window: number): Uint8Array {
  const body = new Uint8Array(SMUX_UPD_SIZE);
  const view = new DataView(body.buffer);
  view.setUint32(0, consumed, true);
  view.setUint32(4, window, true);
  return body;
}

/**
 * Incremental decoder: frames do not line up with data-channel messages (a frame can span several, a message can
 * hold several frames), so bytes are pushed as they arrive and whole frames come out. Like smux's recvLoop, the
 * body length of a frame depends on its command: PSH reads Length bytes, UPD exactly 8, SYN/FIN/NOP none (their
 * Length field is not consulted). An unknown command cannot be skipped, so it is an error.
 */
export class SmuxFrameReader {
  private buffer: Uint8Array = EMPTY;
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;
  /** Bytes (from the start of `buffer`) the next frame needs; below that, push() only queues. */
  private need = 0;

  get pending(): number {
    return this.buffer.length + this.queuedBytes;
  }

  /**
   * Frames completed by `bytes`. Chunks that cannot complete the next frame are only queued, and joined once enough
   * have arrived, so a large frame arriving in many small messages costs linear, not quadratic, copying.
   */
  push(bytes: Uint8Array): SmuxFrame[] {
    if (this.buffer.length + this.queuedBytes + bytes.length < this.need) {
      this.queued.push(bytes);
      this.queuedBytes += bytes.length;
      return [];
    }
    if (this.queued.length > 0 || this.buffer.length > 0) {
      const out = new Uint8Array(this.buffer.length + this.queuedBytes + bytes.length);
      out.set(this.buffer, 0);
      let offset = this.buffer.length;
      for (const chunk of this.queued) {
        out.set(chunk, offset);
        offset += chunk.length;
      }
      out.set(bytes, offset);
      this.buffer = out;
      this.queued = [];
      this.queuedBytes = 0;
    } else this.buffer = bytes;
    const frames: SmuxFrame[] = [];
    let at = 0;
    this.need = SMUX_HEADER_SIZE;
    while (this.buffer.length - at >= SMUX_HEADER_SIZE) {
      const header = this.buffer.subarray(at, at + SMUX_HEADER_SIZE);
      const view = new DataView(header.buffer, header.byteOffset, SMUX_HEADER_SIZE);
      const cmd = header[1]!;
      const length = view.getUint16(2, true);
      let bodyLength: number;
      switch (cmd) {
        case SmuxCmd.Syn:
        case SmuxCmd.Fin:
        case SmuxCmd.Nop:
          bodyLength = 0;
          break;
        case SmuxCmd.Psh:
          bodyLength = length;
          break;
        case SmuxCmd.Upd:
          bodyLength = SMUX_UPD_SIZE;
          break;
        default:
          this.buffer = EMPTY;
          throw Object.assign(new SmuxError("invalid-protocol", `unknown smux command ${cmd}`), { decoded: frames });
      }
      if (this.buffer.length - at < SMUX_HEADER_SIZE + bodyLength) {
        this.need = SMUX_HEADER_SIZE + bodyLength;
        break;
      }
      const start = at + SMUX_HEADER_SIZE;
      frames.push({
        version: header[0]!,
        cmd,
        streamId: view.getUint32(4, true),
        // A copy: the caller may keep a stream's data while the receive buffer is reused.
        data: bodyLength === 0 ? EMPTY : new Uint8Array(this.buffer.subarray(start, start + bodyLength)),
      });
      at = start + bodyLength;
    }
    this.buffer = at === this.buffer.length ? EMPTY : new Uint8Array(this.buffer.subarray(at));
    return frames;
  }
}

// ---- session and streams -------------------------------------------------------------------------

export interface SmuxStreamEvents extends Record<string, unknown> {
  /** Bytes from the peer, in order. Not emitted while paused (they are buffered). */
  data: Uint8Array;
  /** The peer sent FIN: no more data will come. */
  end: undefined;
  /** The stream is gone: both sides closed, or it was destroyed (`error` says why, when it failed). */
  close: { error?: SmuxError };
  /** The pipe below can take more after write() returned false. */
  drain: undefined;
}

/**
 * One multiplexed stream. Closing follows smux: end() sends FIN, which the other side reads as EOF. Data the peer
 * still sends before its own FIN is delivered (a half-close), and the stream is released once both sides have
 * sent FIN, or at once by destroy().
 */
export class SmuxStream extends Emitter<SmuxStreamEvents> {
  private readonly queued: Uint8Array[] = [];
  private paused = false;
  private localEnded = false;
  private remoteEnded = false;
  private endDelivered = false;
  private closed = false;

  constructor(
    readonly id: number,
    private readonly session: SmuxSession,
  ) {
    super();
  }

  get isClosed(): boolean {
    return this.closed;
  }
  /** Bytes received while paused and not yet delivered. */
  get bufferedBytes(): number {
    return this.queued.reduce((sum, chunk) => sum + chunk.length, 0);
  }
  get writable(): boolean {
    return !this.localEnded && !this.closed;
  }

  /** Send bytes as PSH frames of at most MaxFrameSize. False when the pipe below is above its high-water mark. */
  write(bytes: Uint8Array): boolean {
    if (!this.writable) throw new SmuxError("closed", `stream ${this.id} is closed for writing`);
    return this.session.writeData(this.id, bytes);
  }

  /** Send FIN. Reading goes on until the peer's FIN. */
  end(): void {
    if (!this.writable) return;
    this.localEnded = true;
    this.session.writeControl(SmuxCmd.Fin, this.id);
    if (this.remoteEnded) this.release();
  }

  /** Send FIN if not sent yet and drop the stream now, whatever the peer still sends. */
  destroy(error?: SmuxError): void {
    if (this.closed) return;
    if (!this.localEnded && !this.session.isClosed) {
      this.localEnded = true;
      this.session.writeControl(SmuxCmd.Fin, this.id);
    }
    this.release(error);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    while (!this.paused && this.queued.length > 0) this.emit("data", this.queued.shift()!);
    if (!this.paused) this.deliverEnd();
  }

  /** @internal PSH from the peer. */
  pushData(data: Uint8Array): void {
    if (this.closed || this.remoteEnded || data.length === 0) return;
    if (this.paused) this.queued.push(data);
    else this.emit("data", data);
  }

  /** @internal FIN from the peer. */
  pushFin(): void {
    if (this.closed || this.remoteEnded) return;
    this.remoteEnded = true;
    if (!this.paused) this.deliverEnd();
  }

  /** @internal The session ended under the stream. */
  sessionClosed(error: SmuxError | undefined): void {
    if (this.closed) return;
    this.localEnded = true;
    this.release(error);
  }

  /** @internal */
  notifyDrain(): void {
    if (!this.closed && !this.localEnded) this.emit("drain", undefined);
  }

  private deliverEnd(): void {
    if (!this.remoteEnded || this.endDelivered || this.queued.length > 0) return;
    this.endDelivered = true;
    this.emit("end", undefined);
    if (this.localEnded) this.release();
  }

  private release(error?: SmuxError): void {
    if (this.closed) return;
    this.closed = true;
    this.queued.length = 0;
    this.session.forget(this.id);
    this.emit("close", error ? { error } : {});
  }
}

export interface SmuxSessionEvents extends Record<string, unknown> {
  /** The peer opened a stream (smux AcceptStream). */
  stream: SmuxStream;
  /** The session is over; every stream closed with it. */
  close: { error?: SmuxError };
  /** The pipe below can take more; streams get their own drain as well. */
  drain: undefined;
}

export interface SmuxSessionOptions {
  /** Clients open odd stream ids (3, 5, …), servers even ones (2, 4, …). */
  role: "client" | "server";
  /** Write bytes to the pipe below; return false when it is above its high-water mark. */
  send: (bytes: Uint8Array) => boolean | void;
  /** Only version 1 is implemented: that is what SSM negotiates. */
  version?: 1;
  maxFrameSize?: number;
  /** NOP keepalive and the silence timeout, or false (what current SSM versions do). Default false. */
  keepAlive?: { intervalMs: number; timeoutMs: number } | false;
  clock?: Clock;
  /** Testing: the id the next openStream() adds 2 to. */
  nextStreamId?: number;
}

export class SmuxSession extends Emitter<SmuxSessionEvents> {
  readonly role: "client" | "server";
  private readonly reader = new SmuxFrameReader();
  private readonly streams = new Map<number, SmuxStream>();
  private readonly maxFrameSize: number;
  private readonly clock: Clock;
  private nextStreamId: number;
  private goAway = false;
  private closed = false;
  private dataSinceCheck = false;
  private timers: TimerHandle[] = [];

  constructor(private readonly options: SmuxSessionOptions) {
    super();
    this.role = options.role;
    this.clock = options.clock ?? systemClock;
    this.maxFrameSize = options.maxFrameSize ?? SMUX_MAX_FRAME_SIZE;
    if (!Number.isInteger(this.maxFrameSize) || this.maxFrameSize < 1 || this.maxFrameSize > 0xffff) {
      throw new SmuxError("invalid-frame", "maxFrameSize must be 1-65535");
    }
    // smux: the client starts at 1 and the server at 0, and each open adds 2 first, so the first ids are 3 and 2.
    this.nextStreamId = options.nextStreamId ?? (this.role === "client" ? 1 : 0);
    const keepAlive = options.keepAlive ?? false;
    if (keepAlive) {
      this.timers.push(this.clock.setInterval(() => this.writeControl(SmuxCmd.Nop, 0), keepAlive.intervalMs));
      this.timers.push(
        this.clock.setInterval(() => {
          if (!this.dataSinceCheck) this.close(new SmuxError("keepalive-timeout", `nothing received for ${keepAlive.timeoutMs} ms`));
          this.dataSinceCheck = false;
        }, keepAlive.timeoutMs),
      );
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }
  get streamCount(): number {
    return this.streams.size;
  }
  stream(id: number): SmuxStream | undefined {
    return this.streams.get(id);
  }

  /** smux OpenStream: a SYN with the next id of this side. */
  openStream(): SmuxStream {
    if (this.closed) throw new SmuxError("closed", "the smux session is closed");
    if (this.goAway) throw new SmuxError("go-away", "stream ids are exhausted; start a new session");
    const id = (this.nextStreamId + 2) >>> 0;
    // Wrapping past 2^32 leaves 0 or 1: smux then refuses every further open (ErrGoAway).
    if (id < 2) {
      this.goAway = true;
      throw new SmuxError("go-away", "stream ids are exhausted; start a new session");
    }
    this.nextStreamId = id;
    const stream = new SmuxStream(id, this);
    this.streams.set(id, stream);
    this.writeControl(SmuxCmd.Syn, id);
    return stream;
  }

  /** Bytes from the pipe, in order, cut anywhere. */
  receive(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    let frames: SmuxFrame[];
    try {
      frames = this.reader.push(bytes);
    } catch (error) {
      const decoded = (error as { decoded?: SmuxFrame[] }).decoded ?? [];
      for (const frame of decoded) if (!this.closed) this.handle(frame);
      this.close(error instanceof SmuxError ? error : new SmuxError("invalid-protocol", String(error)));
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      this.handle(frame);
    }
  }

  /** The pipe below drained: tell the session's and each stream's writers. */
  notifyDrain(): void {
    if (this.closed) return;
    this.emit("drain", undefined);
    for (const stream of [...this.streams.values()]) stream.notifyDrain();
  }

  /** End the session: every stream closes (with `error`, if given). Nothing more is sent. */
  close(error?: SmuxError): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) this.clock.clearInterval(timer);
    this.timers = [];
    for (const stream of [...this.streams.values()]) stream.sessionClosed(error);
    this.streams.clear();
    this.emit("close", error ? { error } : {});
  }

  /** @internal */
  writeData(streamId: number, bytes: Uint8Array): boolean {
    let belowHighWater = true;
    for (let at = 0; at < bytes.length; at += this.maxFrameSize) {
      const data = bytes.subarray(at, at + this.maxFrameSize);
      belowHighWater = this.sendFrame({ version: SMUX_VERSION, cmd: SmuxCmd.Psh, streamId, data });
    }
    return belowHighWater;
  }

  /** @internal */
  writeControl(cmd: typeof SmuxCmd.Syn | typeof SmuxCmd.Fin | typeof SmuxCmd.Nop, streamId: number): void {
    this.sendFrame({ version: SMUX_VERSION, cmd, streamId, data: EMPTY });
  }

  /** @internal */
  forget(streamId: number): void {
    this.streams.delete(streamId);
  }

  private sendFrame(frame: SmuxFrame): boolean {
    if (this.closed) return false;
    return this.options.send(encodeSmuxFrame(frame)) !== false;
  }

  private handle(frame: SmuxFrame): void {
    this.dataSinceCheck = true;
    // smux stops reading on a version it was not configured for (ErrInvalidProtocol).
    if (frame.version !== SMUX_VERSION) {
      return this.close(new SmuxError("invalid-protocol", `smux version ${frame.version} on a version ${SMUX_VERSION} session`));
    }
    switch (frame.cmd) {
      case SmuxCmd.Nop:
        return;
      case SmuxCmd.Syn: {
        // A SYN for a stream that exists is ignored, as smux does.
        if (this.streams.has(frame.streamId)) return;
        const stream = new SmuxStream(frame.streamId, this);
        this.streams.set(frame.streamId, stream);
        return this.emit("stream", stream);
      }
      case SmuxCmd.Fin:
        return this.streams.get(frame.streamId)?.pushFin();
      case SmuxCmd.Psh:
        // Data for a stream that is gone (or never was) is read and dropped.
        return this.streams.get(frame.streamId)?.pushData(frame.data);
      default:
        // UPD belongs to version 2, which SSM does not negotiate.
        return this.close(new SmuxError("invalid-protocol", `smux command ${frame.cmd} is not part of version ${SMUX_VERSION}`));
    }
  }
}
