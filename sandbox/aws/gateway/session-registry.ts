// Session state behind the sandbox's StartSession / ResumeSession / TerminateSession / DescribeSessions.
// The SSM API does its own IAM check and then calls these methods; the message gateway redeems the
// tokens and reports connection state back. Shapes follow the SSM API (docs/session-manager-protocol.md#session-apis).
import { randomBytes } from "node:crypto";

export type SessionStatus = "Connected" | "Connecting" | "Disconnected" | "Terminated" | "Terminating" | "Failed";

export interface StartSessionParams {
  /** Managed node id (i-… or mi-…). */
  target: string;
  accountId: string;
  region: string;
  /** ARN of the caller, shown as Owner. */
  ownerArn: string;
  /** Caller name (RoleSessionName or user name): AWS uses it as the SessionId prefix. */
  sessionNamePrefix: string;
  reason?: string;
  documentName?: string;
  /** The document's session type (Standard_Stream when not given). */
  sessionType?: string;
  /** The document's properties with the parameters substituted, for the agent's handshake. */
  properties?: Record<string, string>;
}

/** The StartSession / ResumeSession response body. */
export interface SessionCredentials {
  SessionId: string;
  TokenValue: string;
  StreamUrl: string;
}

export interface SessionRecord {
  sessionId: string;
  target: string;
  accountId: string;
  region: string;
  ownerArn: string;
  reason?: string;
  documentName: string;
  sessionType: string;
  properties?: Record<string, string>;
  status: SessionStatus;
  startDate: Date;
  endDate?: Date;
  /** Why it ended (shell exit, TerminateSession, timeout, failure). */
  endReason?: string;
  /** Last time the status changed; drives abandonment of sessions nobody reconnects. */
  lastChangeAt: number;
}

/** An SSM `Session` object as DescribeSessions returns it (dates as Date; the API serialises them). */
export interface SessionDescription {
  SessionId: string;
  Target: string;
  Status: SessionStatus;
  StartDate: Date;
  EndDate?: Date;
  DocumentName: string;
  Owner: string;
  Reason?: string;
  Details?: string;
  AccessType: "Standard";
}

/** SSM SessionFilter, passed through from the request (`key` / `value`, lower-case as on the wire). */
export interface SessionFilter {
  key: "InvokedAfter" | "InvokedBefore" | "Target" | "Owner" | "Status" | "SessionId" | "AccessType" | string;
  value: string;
}

export interface DescribeSessionsParams {
  state: "Active" | "History";
  /** Only sessions of this account / region (a real DescribeSessions never crosses them). */
  accountId?: string;
  region?: string;
  filters?: SessionFilter[];
  /** Resolves the Owner filter value "Self". */
  callerArn?: string;
}

/** Maps to the SSM `DoesNotExistException` error code. */
export class SessionDoesNotExistError extends Error {
  override readonly name = "DoesNotExistException";
  constructor(sessionId: string) {
    super(`Session with id ${sessionId} does not exist or is no longer active`);
  }
}

export interface SessionRegistryOptions {
  /** e.g. "ws://localhost:4566"; StreamUrl = `${publicWsBase}/v1/data-channel/<id>?role=publish_subscribe`. */
  publicWsBase: string;
  /** How long a token stays valid for connecting (AWS: "only long enough"). Default 60 s. */
  tokenTtlMs?: number;
  /** Connecting/Disconnected sessions nobody (re)connects to are terminated after this. Default 20 min. */
  abandonAfterMs?: number;
  /** Terminated sessions kept for History. Default 1000. */
  historyLimit?: number;
  now?: () => number;
}

/** Called when a session must end. Return true if you will call markEnded() yourself later. */
export type TerminateListener = (record: Readonly<SessionRecord>, reason: string) => boolean | void;

const ACTIVE: ReadonlySet<SessionStatus> = new Set(["Connected", "Connecting", "Disconnected", "Terminating"]);
const DEFAULT_DOCUMENT = "SSM-SessionManagerRunShell";

export class SessionRegistry {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly tokens = new Map<string, { sessionId: string; expiresAt: number }>();
  private readonly listeners = new Set<TerminateListener>();
  private readonly options: Required<Omit<SessionRegistryOptions, "now">>;
  private readonly now: () => number;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(options: SessionRegistryOptions) {
    this.options = {
      publicWsBase: options.publicWsBase.replace(/\/+$/, ""),
      tokenTtlMs: options.tokenTtlMs ?? 60_000,
      abandonAfterMs: options.abandonAfterMs ?? 20 * 60_000,
      historyLimit: options.historyLimit ?? 1000,
    };
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), 5_000);
    this.sweeper.unref();
  }

  /** StartSession: a new session in Connecting state with a fresh single-use token. */
  start(params: StartSessionParams): SessionCredentials {
    const sessionId = `${params.sessionNamePrefix}-${randomBytes(9).toString("hex").slice(0, 17)}`;
    this.sessions.set(sessionId, {
      sessionId,
      target: params.target,
      accountId: params.accountId,
      region: params.region,
      ownerArn: params.ownerArn,
      reason: params.reason,
      documentName: params.documentName ?? DEFAULT_DOCUMENT,
      sessionType: params.sessionType ?? "Standard_Stream",
      ...(params.properties ? { properties: params.properties } : {}),
      status: "Connecting",
      startDate: new Date(this.now()),
      lastChangeAt: this.now(),
    });
    return this.issueCredentials(sessionId);
  }

  /** ResumeSession: a fresh token for a session that is not terminated. Older tokens stop working. */
  resume(sessionId: string): SessionCredentials {
    const record = this.sessions.get(sessionId);
    if (!record || !ACTIVE.has(record.status) || record.status === "Terminating") {
      throw new SessionDoesNotExistError(sessionId);
    }
    return this.issueCredentials(sessionId);
  }

  /** TerminateSession: idempotent for ended sessions, DoesNotExist for unknown ids. */
  terminate(sessionId: string, reason = "TerminateSession"): { SessionId: string } {
    const record = this.sessions.get(sessionId);
    if (!record) throw new SessionDoesNotExistError(sessionId);
    if (!ACTIVE.has(record.status) || record.status === "Terminating") return { SessionId: sessionId };
    this.setStatus(record, "Terminating");
    this.revokeTokens(sessionId);
    let pending = false;
    for (const listener of [...this.listeners]) pending = listener(record, reason) === true || pending;
    // Listeners may already have ended it; the cast undoes narrowing from the check above.
    if (!pending && (record.status as SessionStatus) === "Terminating") this.markEnded(sessionId, "Terminated", reason);
    return { SessionId: sessionId };
  }

  /** DescribeSessions: Active or History sessions, newest first. */
  describe(params: DescribeSessionsParams): SessionDescription[] {
    const wantActive = params.state === "Active";
    return [...this.sessions.values()]
      .filter((r) => ACTIVE.has(r.status) === wantActive)
      .filter((r) => (params.accountId === undefined || r.accountId === params.accountId) && (params.region === undefined || r.region === params.region))
      .filter((r) => (params.filters ?? []).every((f) => matchesFilter(r, f, params.callerArn)))
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
      .map(toDescription);
  }

  get(sessionId: string): Readonly<SessionRecord> | undefined {
    return this.sessions.get(sessionId);
  }

  /** The session a still-valid token belongs to (without consuming it). */
  findByToken(tokenValue: string): Readonly<SessionRecord> | undefined {
    const token = this.tokens.get(tokenValue);
    if (!token || token.expiresAt < this.now()) return undefined;
    return this.sessions.get(token.sessionId);
  }

  /** Gateway: consume `tokenValue` for `sessionId`. False if unknown, expired, used, or for another session. */
  redeemToken(sessionId: string, tokenValue: string): boolean {
    const token = this.tokens.get(tokenValue);
    if (!token || token.sessionId !== sessionId) return false;
    this.tokens.delete(tokenValue);
    const record = this.sessions.get(sessionId);
    return token.expiresAt >= this.now() && record !== undefined && ACTIVE.has(record.status) && record.status !== "Terminating";
  }

  /** Gateway: subscribe to terminations (TerminateSession, abandonment). Returns unsubscribe. */
  onTerminate(listener: TerminateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markConnected(sessionId: string): void {
    const record = this.sessions.get(sessionId);
    if (record && (record.status === "Connecting" || record.status === "Disconnected")) this.setStatus(record, "Connected");
  }

  markDisconnected(sessionId: string): void {
    const record = this.sessions.get(sessionId);
    if (record && record.status === "Connected") this.setStatus(record, "Disconnected");
  }

  /** Gateway: the session is over (shell exited, terminated, or failed). */
  markEnded(sessionId: string, status: "Terminated" | "Failed", reason: string): void {
    const record = this.sessions.get(sessionId);
    if (!record || !ACTIVE.has(record.status)) return;
    this.setStatus(record, status);
    record.endDate = new Date(this.now());
    record.endReason = reason;
    this.revokeTokens(sessionId);
    this.trimHistory();
  }

  /** Stop the background sweep (tests, shutdown). */
  dispose(): void {
    clearInterval(this.sweeper);
  }

  /** Terminate sessions left Connecting or Disconnected too long; drop expired tokens. */
  sweep(): void {
    const now = this.now();
    for (const [value, token] of this.tokens) if (token.expiresAt < now) this.tokens.delete(value);
    for (const record of this.sessions.values()) {
      const idle = record.status === "Connecting" || record.status === "Disconnected";
      if (idle && now - record.lastChangeAt > this.options.abandonAfterMs) this.terminate(record.sessionId, "abandoned");
    }
  }

  private issueCredentials(sessionId: string): SessionCredentials {
    this.revokeTokens(sessionId);
    const tokenValue = randomBytes(48).toString("base64url");
    this.tokens.set(tokenValue, { sessionId, expiresAt: this.now() + this.options.tokenTtlMs });
    return {
      SessionId: sessionId,
      TokenValue: tokenValue,
      StreamUrl: `${this.options.publicWsBase}/v1/data-channel/${encodeURIComponent(sessionId)}?role=publish_subscribe`,
    };
  }

  private revokeTokens(sessionId: string): void {
    for (const [value, token] of this.tokens) if (token.sessionId === sessionId) this.tokens.delete(value);
  }

  private setStatus(record: SessionRecord, status: SessionStatus): void {
    record.status = status;
    record.lastChangeAt = this.now();
  }

  private trimHistory(): void {
    const ended = [...this.sessions.values()].filter((r) => !ACTIVE.has(r.status));
    for (const record of ended.slice(0, Math.max(0, ended.length - this.options.historyLimit))) {
      this.sessions.delete(record.sessionId);
    }
  }
}

function matchesFilter(record: SessionRecord, filter: SessionFilter, callerArn: string | undefined): boolean {
  switch (filter.key) {
    case "InvokedAfter":
      return record.startDate.getTime() >= Date.parse(filter.value);
    case "InvokedBefore":
      return record.startDate.getTime() <= Date.parse(filter.value);
    case "Target":
      return record.target === filter.value;
    case "Owner":
      return record.ownerArn === (filter.value === "Self" ? callerArn : filter.value);
    case "Status":
      return record.status === filter.value;
    case "SessionId":
      return record.sessionId === filter.value;
    case "AccessType":
      return filter.value === "Standard";
    default:
      return true;
  }
}

function toDescription(record: SessionRecord): SessionDescription {
  return {
    SessionId: record.sessionId,
    Target: record.target,
    Status: record.status,
    StartDate: record.startDate,
    ...(record.endDate ? { EndDate: record.endDate } : {}),
    DocumentName: record.documentName,
    Owner: record.ownerArn,
    ...(record.reason ? { Reason: record.reason } : {}),
    ...(record.endReason ? { Details: record.endReason } : {}),
    AccessType: "Standard",
  };
}
