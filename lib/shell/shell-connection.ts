// The browser side of one shell: a lib/ssm BrowserSession plus what a person needs around it. When the socket
// drops it asks Gatehouse for a fresh token (ResumeSession) and reconnects the same BrowserSession, so sequence
// numbers and unacknowledged keystrokes carry over; it never leaves a frozen terminal: every way it can stop ends
// in "failed" (with a sentence and whether Retry can help) or "ended". No server-only here: the page bundles it.
import { BrowserSession, type DisconnectInfo, type WebSocketConstructor } from "@/lib/ssm/browser-session";
import { Emitter } from "@/lib/ssm/emitter";
import type { ResumeAnswer, StreamCredentials } from "./shell-api";

export type ShellPhase =
  | { kind: "connecting" }
  | { kind: "open" }
  | { kind: "reconnecting"; attempt: number; of: number }
  | { kind: "failed"; message: string; canRetry: boolean }
  | { kind: "ended"; message: string };

export interface ShellConnectionOptions {
  credentials: StreamCredentials;
  /** Asks Gatehouse for ResumeSession; the server checks the caller owns the session. */
  resume: (sessionId: string) => Promise<ResumeAnswer>;
  WebSocket?: WebSocketConstructor;
  /** Automatic attempts after a drop before asking the person (default 4). */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt up to maxDelayMs, with jitter (defaults 250 ms / 4 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a reconnected socket must stay up, without output, to count as working again (default 1 s). */
  settleMs?: number;
  random?: () => number;
}

export interface ShellConnectionEvents extends Record<string, unknown> {
  output: Uint8Array;
  phase: ShellPhase;
}

export class ShellConnection extends Emitter<ShellConnectionEvents> {
  readonly sessionId: string;
  private readonly session: BrowserSession;
  private readonly options: Required<Omit<ShellConnectionOptions, "WebSocket" | "credentials">>;
  private current: ShellPhase = { kind: "connecting" };
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private everOpen = false;

  constructor(options: ShellConnectionOptions) {
    super();
    this.sessionId = options.credentials.sessionId;
    this.options = {
      resume: options.resume,
      maxAttempts: options.maxAttempts ?? 4,
      baseDelayMs: options.baseDelayMs ?? 250,
      maxDelayMs: options.maxDelayMs ?? 4_000,
      settleMs: options.settleMs ?? 1_000,
      random: options.random ?? Math.random,
    };
    this.session = new BrowserSession({
      streamUrl: options.credentials.streamUrl,
      tokenValue: options.credentials.tokenValue,
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    });
    this.session.onOutput((bytes) => {
      this.markOpen();
      this.emit("output", bytes);
    });
    this.session.on("ready", () => this.markOpen());
    this.session.on("notice", (text) => this.emit("output", new TextEncoder().encode(`${text}\r\n`)));
    this.session.onClosed(({ output }) => this.end(output.trim() || "The session ended."));
    this.session.onError((error) => this.fail(`The session stopped: ${error.message}`, false));
    this.session.onDisconnected((info) => this.handleDrop(info));
  }

  get phase(): ShellPhase {
    return this.current;
  }

  start(): void {
    this.session.connect();
  }

  sendInput(data: string | Uint8Array): void {
    if (this.current.kind === "ended" || this.current.kind === "failed") return;
    this.session.sendInput(data);
  }

  resize(cols: number, rows: number): void {
    if (this.current.kind === "ended" || cols < 1 || rows < 1) return;
    this.session.resize(cols, rows);
  }

  /** After "failed" with canRetry: try ResumeSession again, with a fresh round of attempts. */
  retry(): void {
    if (this.current.kind !== "failed" || !this.current.canRetry) return;
    this.attempt = 0;
    this.scheduleResume(0);
  }

  /** Leave the page: close the socket locally (the session stays until TerminateSession or its idle timeout). */
  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    if (this.session.state !== "closed") this.session.close();
  }

  private setPhase(phase: ShellPhase): void {
    this.current = phase;
    this.emit("phase", phase);
  }

  private markOpen(): void {
    clearTimeout(this.settleTimer);
    if (this.current.kind === "open" || this.current.kind === "ended" || this.current.kind === "failed") return;
    this.everOpen = true;
    this.attempt = 0;
    this.setPhase({ kind: "open" });
  }

  private handleDrop(info: DisconnectInfo): void {
    clearTimeout(this.settleTimer);
    if (this.current.kind === "ended" || this.current.kind === "failed") return;
    if (this.attempt >= this.options.maxAttempts) {
      const why = info.refused ? "the connection was refused (its token may have expired)" : "the connection keeps dropping";
      return this.fail(`Lost the connection to the instance: ${why}.`, true);
    }
    // The first try is immediate-ish: most drops are a blip, and the token from ResumeSession is short-lived anyway.
    const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** this.attempt) * (0.5 + this.options.random() / 2);
    this.scheduleResume(this.attempt === 0 && this.everOpen ? 0 : delay);
  }

  private scheduleResume(delayMs: number): void {
    this.attempt += 1;
    this.setPhase({ kind: "reconnecting", attempt: this.attempt, of: this.options.maxAttempts });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.resumeOnce(), delayMs);
  }

  private async resumeOnce(): Promise<void> {
    let answer: ResumeAnswer;
    try {
      answer = await this.options.resume(this.sessionId);
    } catch {
      answer = { ok: false, final: false, message: "Gatehouse could not be reached." };
    }
    if (this.current.kind !== "reconnecting") return;
    if (!answer.ok) {
      if (answer.final) return this.end(answer.message);
      if (this.attempt >= this.options.maxAttempts) return this.fail(`Could not reconnect: ${answer.message}`, true);
      return this.handleDrop({ code: 1006, reason: answer.message, refused: false });
    }
    try {
      this.session.reconnect(answer.credentials.tokenValue, answer.credentials.streamUrl);
    } catch {
      return this.end("The session ended.");
    }
    // An idle shell may send nothing after a reconnect; a socket that stays up is taken as working.
    this.settleTimer = setTimeout(() => {
      if (this.session.state === "open") this.markOpen();
    }, this.options.settleMs);
  }

  private fail(message: string, canRetry: boolean): void {
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    if (this.current.kind === "ended") return;
    this.setPhase({ kind: "failed", message, canRetry });
  }

  private end(message: string): void {
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    if (this.current.kind === "ended") return;
    if (this.session.state !== "closed") this.session.close();
    this.setPhase({ kind: "ended", message });
  }
}
