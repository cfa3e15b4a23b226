// The browser side of one shell: a lib/ssm BrowserSession plus what a person needs around it. When the socket
// drops it asks Gatehouse for a fresh token (ResumeSession) and reconnects the same BrowserSession, so sequence
// numbers and unacknowledged keystrokes carry over. It keeps trying, with backoff, for as long as the session can
// still be resumed; it never leaves a frozen terminal: every way it can stop ends in "failed" (with a sentence and
// whether Retry can help) or "ended". No server-only here: the page bundles it.
import { BrowserSession, type DisconnectInfo, type WebSocketConstructor } from "@/lib/ssm/browser-session";
import { Emitter } from "@/lib/ssm/emitter";
import { DEFAULT_IDLE_SESSION_TIMEOUT_MS, reconnectDelayMs } from "./reconnect-backoff";
import type { ResumeAnswer, StreamCredentials } from "./shell-api";

export type ShellPhase =
  | { kind: "connecting" }
  | { kind: "open" }
  /** `nextTryAt`: epoch ms of the next attempt, null while one is under way. */
  | { kind: "reconnecting"; attempt: number; nextTryAt: number | null }
  | { kind: "failed"; message: string; canRetry: boolean }
  /** `lost`: it ended while disconnected (ResumeSession says it is gone, or the resumable time ran out). */
  | { kind: "ended"; message: string; lost?: boolean };

/** Where the browser's `online` event comes from (window in the page; absent in Node). */
type NetworkEvents = Pick<EventTarget, "addEventListener" | "removeEventListener">;

export interface ShellConnectionOptions {
  credentials: StreamCredentials;
  /** Asks Gatehouse for ResumeSession; the server checks the caller owns the session. */
  resume: (sessionId: string) => Promise<ResumeAnswer>;
  WebSocket?: WebSocketConstructor;
  /** Automatic attempts in one outage before "failed" (with Retry). Default: no limit, only the resumable time. */
  maxAttempts?: number;
  /** Backoff: 0.5 s doubling per attempt up to 10 s, with jitter (lib/shell/reconnect-backoff.ts). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long after the shell last worked it may still be resumed (default: AWS's default idle timeout, 20 min). */
  resumableForMs?: number;
  /** How long a reconnected socket must stay up, without output, to count as working again (default 1 s). */
  settleMs?: number;
  random?: () => number;
  now?: () => number;
  /** Defaults to `window` where there is one: its `online` event makes a waiting reconnect try at once. */
  networkEvents?: NetworkEvents | null;
}

export interface ShellConnectionEvents extends Record<string, unknown> {
  output: Uint8Array;
  phase: ShellPhase;
}

type Settings = Required<Omit<ShellConnectionOptions, "WebSocket" | "credentials" | "networkEvents">>;

export class ShellConnection extends Emitter<ShellConnectionEvents> {
  readonly sessionId: string;
  private readonly session: BrowserSession;
  private readonly options: Settings;
  private readonly networkEvents: NetworkEvents | null;
  private readonly onOnline = () => this.tryNow();
  private current: ShellPhase = { kind: "connecting" };
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private everOpen = false;
  private resuming = false;
  /** When the shell last worked (open, or output arrived); the resumable time counts from here. */
  private aliveAt: number;

  constructor(options: ShellConnectionOptions) {
    super();
    this.sessionId = options.credentials.sessionId;
    this.options = {
      resume: options.resume,
      maxAttempts: options.maxAttempts ?? Number.POSITIVE_INFINITY,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 10_000,
      resumableForMs: options.resumableForMs ?? DEFAULT_IDLE_SESSION_TIMEOUT_MS,
      settleMs: options.settleMs ?? 1_000,
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
    };
    this.aliveAt = this.options.now();
    this.networkEvents = options.networkEvents !== undefined ? options.networkEvents : typeof window === "undefined" ? null : window;
    this.networkEvents?.addEventListener("online", this.onOnline);
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

  /** While waiting for the next attempt ("Try now", the network is back): make it now. After "failed": retry(). */
  tryNow(): void {
    if (this.current.kind === "failed") return this.retry();
    // A resume under way, or a socket from one still opening, is already the attempt.
    if (this.current.kind !== "reconnecting" || this.resuming || this.current.nextTryAt === null) return;
    clearTimeout(this.timer);
    void this.resumeOnce();
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
    this.networkEvents?.removeEventListener("online", this.onOnline);
    if (this.session.state !== "closed") this.session.close();
  }

  private setPhase(phase: ShellPhase): void {
    this.current = phase;
    this.emit("phase", phase);
  }

  private markOpen(): void {
    this.aliveAt = this.options.now();
    if (this.current.kind === "open" || this.current.kind === "ended" || this.current.kind === "failed") return;
    clearTimeout(this.settleTimer);
    this.everOpen = true;
    this.attempt = 0;
    this.setPhase({ kind: "open" });
  }

  private handleDrop(info: DisconnectInfo): void {
    clearTimeout(this.settleTimer);
    if (this.current.kind === "ended" || this.current.kind === "failed") return;
    if (this.current.kind === "open") this.aliveAt = this.options.now();
    if (this.options.now() - this.aliveAt >= this.options.resumableForMs) {
      const minutes = Math.round(this.options.resumableForMs / 60_000);
      return this.end(`The connection was lost for longer than a disconnected session is kept (${minutes} min), so this shell can no longer be resumed.`, true);
    }
    if (this.attempt >= this.options.maxAttempts) {
      const why = info.refused ? "the connection was refused (its token may have expired)" : "the connection keeps dropping";
      return this.fail(`Lost the connection to the instance: ${why}.`, true);
    }
    // The first try after a working shell drops is at once: most drops are a blip.
    const next = this.attempt + 1;
    this.scheduleResume(reconnectDelayMs(next, this.options, this.everOpen));
  }

  private scheduleResume(delayMs: number): void {
    this.attempt += 1;
    this.setPhase({ kind: "reconnecting", attempt: this.attempt, nextTryAt: delayMs > 0 ? this.options.now() + delayMs : null });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.resumeOnce(), delayMs);
  }

  private async resumeOnce(): Promise<void> {
    if (this.current.kind !== "reconnecting" || this.resuming) return;
    this.resuming = true;
    if (this.current.nextTryAt !== null) this.setPhase({ kind: "reconnecting", attempt: this.attempt, nextTryAt: null });
    let answer: ResumeAnswer;
    try {
      answer = await this.options.resume(this.sessionId);
    } catch {
      answer = { ok: false, final: false, message: "Gatehouse could not be reached." };
    } finally {
      this.resuming = false;
    }
    if (this.current.kind !== "reconnecting") return;
    if (!answer.ok) {
      if (answer.final) return this.end(`This shell can no longer be resumed: ${answer.message}`, true);
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

  private end(message: string, lost = false): void {
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    if (this.current.kind === "ended") return;
    this.networkEvents?.removeEventListener("online", this.onOnline);
    if (this.session.state !== "closed") this.session.close();
    this.setPhase(lost ? { kind: "ended", message, lost } : { kind: "ended", message });
  }
}
