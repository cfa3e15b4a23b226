// One shell session's agent side: a real shell in a pty behind the session's channel (agent-session.ts keeps the
// channel and the client socket). The shell and the channel outlive a socket, so ResumeSession plus a reconnect
// continues the same shell with sequence state intact.
import {
  buildHandshakeCompletePayload,
  buildHandshakeRequestPayload,
  isHandshakeAccepted,
  parseHandshakeResponsePayload,
  parseSizePayload,
  PayloadType,
} from "@/lib/ssm/codec";
import { AgentSession, type AgentSessionConfig } from "./agent-session";
import type { FaultInjector } from "./faults";
import { prepareInstanceHome, shellCommand, shellEnvironment } from "./instance-home";
import { spawnPty, type PtyProcess, type SpawnPtyOptions } from "./pty-process";
import type { SessionRecord, SessionRegistry } from "./session-registry";
import { Transcript } from "./transcript";

export interface LiveSessionConfig extends AgentSessionConfig {
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

export class LiveSession extends AgentSession {
  readonly transcript: Transcript;
  private pty: PtyProcess | null = null;
  private shellExited = false;
  private phase: Phase = "starting";
  private size = { cols: 80, rows: 24 };
  private handshakeStartedAt = 0;
  private handshakeTimer: NodeJS.Timeout | undefined;

  constructor(
    record: Readonly<SessionRecord>,
    registry: SessionRegistry,
    faults: FaultInjector,
    private readonly config: LiveSessionConfig,
    onEnded: () => void,
  ) {
    super(record, registry, faults, config, onEnded);
    this.transcript = new Transcript(config.transcriptDir, record.sessionId);
    this.transcript.note(`session ${record.sessionId} started: target=${record.target} owner=${record.ownerArn}`);
    this.channel.on("data", ({ payloadType, payload }) => this.receiveFromClient(payloadType, payload));
    this.channel.on("drain", () => this.pty?.resume());
    this.channel.on("error", (error) => this.finish(`Session failed: ${error.message}`, "Failed", error.code));
    this.begin();
  }

  override get pid(): number | undefined {
    return this.pty?.pid;
  }

  override get backend(): string | undefined {
    return this.pty?.backend;
  }

  protected note(line: string): void {
    this.transcript.note(line);
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
    await this.drain(this.config.drainOnExitMs);
    this.finish("", "Terminated", `shell exited with code ${exitCode}`);
  }

  protected stopWork(reason: string): void {
    this.phase = "ended";
    clearTimeout(this.handshakeTimer);
    if (!this.shellExited) this.pty?.kill();
    void this.transcript.end(`session ended: ${reason}`);
  }
}
