// Local connections ↔ the streams of a port session: what `gatehouse forward` and `gatehouse proxy` run on top of.
// Isomorphic: it never listens itself. The caller accepts connections (Node: net.createServer; ssh's ProxyCommand:
// a duplex over stdin/stdout) and hands each to accept(). In mux mode every connection gets its own smux stream; in
// basic and stream mode connections wait their turn, as the plugin accepts one at a time
// (docs/session-manager-protocol.md#port-sessions).
import { Emitter } from "./emitter";
import type { PortSession, PortStream } from "./port-session";
import type { SmuxError } from "./smux";

/** The part of a Node net.Socket (or any duplex) the forwarder uses. */
export interface LocalConnection {
  write(data: Uint8Array): boolean;
  end(): void;
  destroy(): void;
  pause(): void;
  resume(): void;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end" | "drain" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

export interface ForwardedConnection {
  /** 1, 2, … in the order accept() saw them. */
  id: number;
  /** The smux stream id (mux), or 0, 1 (basic). */
  streamId: number;
}

export interface ConnectionSummary extends ForwardedConnection {
  /** Bytes from the local side to the destination, and back. */
  bytesOut: number;
  bytesIn: number;
  /** Why it ended abnormally (the stream or the session failed, or the local socket errored). */
  error?: string;
}

export interface PortForwarderEvents extends Record<string, unknown> {
  /** A local connection got its stream. */
  open: ForwardedConnection;
  /** A local connection is finished. */
  close: ConnectionSummary;
  /** The agent could not reach the destination for a connection (ConnectToPortError); the listener carries on. */
  connectError: { message: string };
}

interface Waiting {
  id: number;
  connection: LocalConnection;
  gone: boolean;
}

const isNormalEnd = (error: Error | undefined) => !error || (error as SmuxError).code === "closed";

export class PortForwarder extends Emitter<PortForwarderEvents> {
  private nextId = 1;
  private readonly waiting: Waiting[] = [];
  private readonly live = new Map<number, { connection: LocalConnection; stream: PortStream }>();
  private closed = false;

  constructor(private readonly session: PortSession) {
    super();
    session.on("connectError", (event) => this.emit("connectError", event));
    session.on("ready", () => this.pump());
    // A session that ends takes every connection with it; the waiting ones are turned away.
    const endAll = () => this.dropWaiting();
    session.on("closed", endAll);
    session.on("error", endAll);
  }

  /** Connections with a stream. */
  get activeConnections(): number {
    return this.live.size;
  }
  /** Connections waiting for the session to be ready, or (basic mode) for the one before them to end. */
  get waitingConnections(): number {
    return this.waiting.length;
  }

  /** Forward one local connection. It waits (paused) until the session can take it. */
  accept(connection: LocalConnection): number {
    const id = this.nextId++;
    if (this.closed || this.session.isClosed) {
      connection.destroy();
      return id;
    }
    const entry: Waiting = { id, connection, gone: false };
    connection.pause();
    const forget = () => {
      entry.gone = true;
    };
    connection.on("close", forget);
    connection.on("error", forget);
    this.waiting.push(entry);
    this.pump();
    return id;
  }

  /** Drop every connection, waiting or live. The session itself is left to the caller. */
  close(): void {
    this.closed = true;
    this.dropWaiting();
    for (const { connection, stream } of [...this.live.values()]) {
      stream.destroy();
      connection.destroy();
    }
    this.live.clear();
  }

  private dropWaiting(): void {
    for (const entry of this.waiting.splice(0)) if (!entry.gone) entry.connection.destroy();
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.session.canOpenStream) {
      const entry = this.waiting.shift()!;
      if (entry.gone) continue;
      this.start(entry.id, entry.connection);
    }
  }

  private start(id: number, connection: LocalConnection): void {
    let stream: PortStream;
    try {
      stream = this.session.openStream();
    } catch {
      connection.destroy();
      return;
    }
    const summary: ConnectionSummary = { id, streamId: stream.id, bytesOut: 0, bytesIn: 0 };
    this.live.set(id, { connection, stream });
    let finished = false;
    let streamPaused = false;
    const finish = (error?: string) => {
      if (finished) return;
      finished = true;
      this.live.delete(id);
      if (error) summary.error = error;
      this.emit("close", summary);
      // Basic mode: the next connection may go now.
      this.pump();
    };

    connection.on("data", (chunk) => {
      if (finished) return;
      summary.bytesOut += chunk.length;
      if (!stream.write(chunk)) {
        connection.pause();
        const off = stream.on("drain", () => {
          off();
          connection.resume();
        });
      }
    });
    connection.on("end", () => {
      if (!finished) stream.end();
    });
    connection.on("error", (error) => {
      if (!finished) stream.destroy();
      finish(error.message);
    });
    connection.on("close", () => {
      // The local socket is gone in both directions: nothing more can be delivered to it.
      if (!finished) stream.destroy();
      finish();
    });

    stream.on("data", (bytes) => {
      summary.bytesIn += bytes.length;
      if (!connection.write(bytes) && !streamPaused) {
        streamPaused = true;
        stream.pause();
      }
    });
    connection.on("drain", () => {
      if (!streamPaused) return;
      streamPaused = false;
      stream.resume();
    });
    stream.on("end", () => connection.end());
    stream.on("close", ({ error }) => {
      if (isNormalEnd(error)) connection.end();
      else connection.destroy();
      finish(isNormalEnd(error) ? undefined : error?.message);
    });
    connection.resume();
    this.emit("open", { id, streamId: stream.id });
  }
}
