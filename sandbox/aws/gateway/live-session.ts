// One session's agent side: a real shell in a pty, an agent-role DataChannel, and whichever client
// socket is currently attached. The shell and the channel outlive a socket, so ResumeSession plus a
// reconnect continues the same shell with sequence state intact.
import { WebSocket } from "ws";
import { DataChannel } from "@/lib/ssm/channel";
import {
  buildHandshakeCompletePayload,
  buildHandshakeRequestPayload,
  isHandshakeAccepted,
  parseHandshakeResponsePayload,
  parseSizePayload,
  PayloadType,
} from "@/lib/ssm/codec";
import { encodeChannelClosedFrame } from "@/lib/ssm/frames";
import type { FaultInjector } from "./faults";
import { prepareInstanceHome, shellCommand, shellEnvironment } from "./instance-home";
import { spawnPty, type PtyProcess, type SpawnPtyOptions } from "./pty-process";
import type { SessionRecord, SessionRegistry } from "./session-registry";
import { Transcript } from "./transcript";

export interface LiveSessionConfig {
  rootDir: string;
  transcriptDir: string;
  handshake: false | { customerMessage: string; timeoutMs: number };
  ptyBackend: NonNullable<SpawnPtyOptions["backend"]>;
  nodePtyPath?: string;
  agentVersion: string;
  /** How long the shell's last output may wait for acknowledgement before channel_closed. */
  drainOnExitMs: number;
}

type Phase = "starting" | "handshake" | "shell" | "ending" | "ended";

export class LiveSession {
  readonly sessionId: string;
  readonly transcript: Transcript;
  private readonly channel = new DataChannel({ role: "agent" });
  private readonly record: Readonly<SessionRecord>;
  private pty: PtyProcess | null = null;
  private shellExited = false;
  private socket: WebSocket | null = null;
  private sender: ReturnType<FaultInjector["wrap"]> | null = null;
  private phase: Phase = "starting";
  private size = { cols: 80, rows: 24 };
  private handshakeStartedAt = 0;
  private handshakeTimer: NodeJS.Timeout | undefined;

  constructor(
    record: Readonly<SessionRecord>,
    private readonly registry: SessionRegistry,
    private readonly faults: FaultInjector,
    private readonly config: LiveSessionConfig,
    private readonly onEnded: () => void,
  ) {
    this.record = record;
    this.sessionId = record.sessionId;
    this.transcript = new Transcript(config.transcriptDir, record.sessionId);
    this.transcript.note(`session ${record.sessionId} started: target=${record.target} owner=${record.ownerArn}`);
    this.channel.on("data", ({ payloadType, payload }) => this.receiveFromClient(payloadType, payload));
    this.channel.on("drain", () => this.pty?.resume());
    this.channel.on("error", (error) => this.finish(`Session failed: ${error.message}`, "Failed", error.code));
    this.begin();
  }

  get pid(): number | undefined {
    return this.pty?.pid;
  }

  get backend(): string | undefined {
    return this.pty?.backend;
  }

  get isAttached(): boolean {
    return this.socket !== null;
  }

  /** Make `ws` the session's socket, replacing (and closing) any previous one. */
  attach(ws: WebSocket): void {
    if (this.phase === "ended") {
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
      if (this.phase === "ended") return;
      this.registry.markDisconnected(this.sessionId);
      this.transcript.note("client disconnected");
    });
    this.registry.markConnected(this.sessionId);
    this.transcript.note(previous ? "client reconnected" : "client connected");
    this.channel.attachTransport(this.sender.send);
  }

  /** Drop the socket abruptly, as a network failure would (fault injection). */
  forceDisconnect(): boolean {
    const socket = this.socket;
    if (!socket) return false;
    socket.terminate();
    return true;
  }

  /** TerminateSession, abandonment or shutdown: tell the client, hang up the shell. */
  terminate(output: string, reason: string): void {
    this.finish(output, "Terminated", reason);
  }

  private begin(): void {
    if (!this.config.handshake) {
      void this.startShell();
      return;
    }
    this.phase = "handshake";
    this.handshakeStartedAt = performance.now();
    this.channel.sendStream(PayloadType.HandshakeRequest, buildHandshakeRequestPayload({ agentVersion: this.config.agentVersion }));
    // The agent waits 15 s for the HandshakeResponse, then fails the session.
    this.handshakeTimer = setTimeout(
      () => this.finish("Session failed: no handshake response", "Failed", "handshake timeout"),
      this.config.handshake.timeoutMs,
    );
  }

  private async startShell(): Promise<void> {
    this.phase = "shell";
    const home = prepareInstanceHome(this.config.rootDir, this.record);
    const size = this.size;
    try {
      this.pty = await spawnPty({
        command: shellCommand(),
        cwd: home,
        env: shellEnvironment(home, this.record),
        cols: size.cols,
        rows: size.rows,
        backend: this.config.ptyBackend,
        nodePtyPath: this.config.nodePtyPath,
      });
    } catch (error) {
      this.finish(`Session failed: cannot start a shell (${(error as Error).message})`, "Failed", "shell start failed");
      return;
    }
    // Terminated while the shell was starting.
    if (this.phase !== "shell") return this.pty.kill();
    const pty = this.pty;
    // A Size payload that arrived while the shell was starting.
    if (this.size !== size) pty.resize(this.size.cols, this.size.rows);
    pty.onData((bytes) => {
      this.transcript.write(bytes);
      if (!this.channel.sendStream(PayloadType.Output, bytes)) pty.pause();
    });
    pty.onExit(({ exitCode }) => {
      this.shellExited = true;
      void this.endAfterExit(exitCode);
    });
  }

  private receiveFromClient(payloadType: number, payload: Uint8Array): void {
    if (payloadType === PayloadType.HandshakeResponse && this.phase === "handshake") return this.finishHandshake(payload);
    if (payloadType === PayloadType.Size) {
      try {
        const { cols, rows } = parseSizePayload(payload);
        if (cols > 0 && rows > 0) {
          this.size = { cols, rows };
          this.pty?.resize(cols, rows);
        }
      } catch {
        // A malformed resize is ignored, as the agent does.
      }
      return;
    }
    // Like the agent, input before the handshake completes is acknowledged but thrown away.
    if (payloadType === PayloadType.Output && this.phase === "shell") this.pty?.write(payload);
  }

  private finishHandshake(payload: Uint8Array): void {
    clearTimeout(this.handshakeTimer);
    let accepted = false;
    let detail = "malformed HandshakeResponse";
    try {
      const response = parseHandshakeResponsePayload(payload);
      accepted = isHandshakeAccepted(response);
      detail = response.Errors.join("; ") || "client refused an action";
    } catch {
      accepted = false;
    }
    if (!accepted) return this.finish(`Session failed: handshake refused (${detail})`, "Failed", "handshake refused");
    const handshake = this.config.handshake as { customerMessage: string };
    this.channel.sendStream(
      PayloadType.HandshakeComplete,
      buildHandshakeCompletePayload({
        timeToCompleteNs: (performance.now() - this.handshakeStartedAt) * 1e6,
        customerMessage: handshake.customerMessage,
      }),
    );
    void this.startShell();
  }

  /** The agent drains its outgoing buffer (at most a couple of seconds) before reporting the end. */
  private async endAfterExit(exitCode: number): Promise<void> {
    if (this.phase !== "shell") return;
    this.phase = "ending";
    if (this.socket && this.channel.snapshot().unacknowledged > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.drainOnExitMs);
        this.channel.on("idle", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.finish("", "Terminated", `shell exited with code ${exitCode}`);
  }

  private finish(output: string, status: "Terminated" | "Failed", reason: string): void {
    if (this.phase === "ended") return;
    this.phase = "ended";
    clearTimeout(this.handshakeTimer);
    const socket = this.socket;
    this.detach();
    if (socket && socket.readyState === WebSocket.OPEN) {
      // Sent once and outside fault injection: the service's close is not retransmitted.
      socket.send(encodeChannelClosedFrame({ sessionId: this.sessionId, output }));
      socket.close(1000, "session ended");
    }
    this.channel.close();
    if (!this.shellExited) this.pty?.kill();
    void this.transcript.end(`session ended: ${reason}`);
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
