// What every session of the gateway shares, whatever runs behind it (a shell, or the port plugin): an agent-role
// DataChannel that outlives sockets, whichever client socket is attached now, and the end of the session
// (channel_closed to the client, the registry told). ResumeSession plus a reconnect attaches a new socket to the same
// channel, so sequence state carries over (docs/session-manager-protocol.md#reconnecting).
import { WebSocket } from "ws";
import { DataChannel } from "@/lib/ssm/channel";
import { encodeChannelClosedFrame } from "@/lib/ssm/frames";
import type { FaultInjector } from "./faults";
import type { SessionRecord, SessionRegistry } from "./session-registry";

export interface AgentSessionConfig {
  /**
   * Check client frames' payload digests. The agent does not (docs/session-manager-protocol.md#validation-on-receive),
   * so the default is false; tests that prove Gatehouse's digests right turn it on.
   */
  verifyPayloadDigests: boolean;
}

export abstract class AgentSession {
  readonly sessionId: string;
  protected readonly channel: DataChannel;
  protected readonly record: Readonly<SessionRecord>;
  private socket: WebSocket | null = null;
  private sender: ReturnType<FaultInjector["wrap"]> | null = null;
  private over = false;

  constructor(
    record: Readonly<SessionRecord>,
    protected readonly registry: SessionRegistry,
    private readonly faults: FaultInjector,
    config: AgentSessionConfig,
    private readonly onEnded: () => void,
  ) {
    this.record = record;
    this.sessionId = record.sessionId;
    this.channel = new DataChannel({ role: "agent", verifyDigest: config.verifyPayloadDigests });
  }

  get isAttached(): boolean {
    return this.socket !== null;
  }
  get hasEnded(): boolean {
    return this.over;
  }
  /** The shell's pid and pty backend, for sessions that have one. */
  get pid(): number | undefined {
    return undefined;
  }
  get backend(): string | undefined {
    return undefined;
  }

  /** Make `ws` the session's socket, replacing (and closing) any previous one. */
  attach(ws: WebSocket): void {
    if (this.over) {
      ws.close(1000, "session ended");
      return;
    }
    const previous = this.socket;
    this.detach();
    previous?.close(1000, "replaced by a new connection");
    this.socket = ws;
    this.sender = this.faults.wrap((frame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    });
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (ws === this.socket && isBinary) this.channel.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    ws.on("close", () => {
      if (ws !== this.socket) return;
      this.detach();
      if (this.over) return;
      this.registry.markDisconnected(this.sessionId);
      this.note("client disconnected");
    });
    this.registry.markConnected(this.sessionId);
    this.note(previous ? "client reconnected" : "client connected");
    this.channel.attachTransport(this.sender.send);
  }

  /** Drop the socket abruptly, as a network failure would (fault injection). */
  forceDisconnect(): boolean {
    const socket = this.socket;
    if (!socket) return false;
    socket.terminate();
    return true;
  }

  /** TerminateSession, abandonment or shutdown: tell the client, stop what runs behind the session. */
  terminate(output: string, reason: string): void {
    this.finish(output, "Terminated", reason);
  }

  /** A line for the session's log. */
  protected abstract note(line: string): void;
  /** Stop what runs behind the session; called once, when it ends. */
  protected abstract stopWork(reason: string): void;

  /** How much output still waits for acknowledgement. */
  protected get unacknowledged(): number {
    return this.channel.snapshot().unacknowledged;
  }

  /** The agent drains its outgoing buffer (a couple of seconds at most) before it reports the end. */
  protected async drain(ms: number): Promise<void> {
    if (!this.socket || this.unacknowledged === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.channel.on("idle", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  protected finish(output: string, status: "Terminated" | "Failed", reason: string): void {
    if (this.over) return;
    this.over = true;
    const socket = this.socket;
    this.detach();
    if (socket && socket.readyState === WebSocket.OPEN) {
      // Sent once and outside fault injection: the service's close is not retransmitted.
      socket.send(encodeChannelClosedFrame({ sessionId: this.sessionId, output }));
      socket.close(1000, "session ended");
    }
    this.channel.close();
    this.stopWork(reason);
    this.registry.markEnded(this.sessionId, status, reason);
    this.onEnded();
  }

  private detach(): void {
    this.socket = null;
    this.channel.detachTransport();
    this.sender?.dispose();
    this.sender = null;
  }
}
