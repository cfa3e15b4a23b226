import "server-only";
import {
  DescribeSessionsCommand,
  ResumeSessionCommand,
  StartSessionCommand,
  TerminateSessionCommand,
  type Session,
  type SessionFilter,
} from "@aws-sdk/client-ssm";
import { ssmClient, type Credentials } from "./clients";

// Session Manager's session API, always called with the user's own assumed target role: IAM then applies its tag
// conditions to StartSession and its own-session conditions to Resume/Terminate, and CloudTrail names the user.

/** What the browser needs to open the data channel. TokenValue is single-use and valid only briefly. */
export interface StreamCredentials {
  sessionId: string;
  streamUrl: string;
  tokenValue: string;
}

export interface SessionSummary {
  sessionId: string;
  target: string;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  owner: string | null;
  reason: string | null;
  details: string | null;
}

const MAX_PAGES = 1_000;

function toStreamCredentials(answer: { SessionId?: string; StreamUrl?: string; TokenValue?: string }, what: string): StreamCredentials {
  // The plugin treats a missing token as "session timed out"; so does Gatehouse rather than hand out half a session.
  if (!answer.SessionId || !answer.StreamUrl || !answer.TokenValue) {
    throw Object.assign(new Error(`AWS answered ${what} without a session id, stream URL or token.`), { name: "DoesNotExistException" });
  }
  return { sessionId: answer.SessionId, streamUrl: answer.StreamUrl, tokenValue: answer.TokenValue };
}

/** StartSession's Reason is 1-256 characters on one line (`^.{1,256}$`). */
export function toSessionReason(reason: string | null | undefined): string | undefined {
  const line = reason?.replace(/\s+/g, " ").trim();
  return line ? line.slice(0, 256) : undefined;
}

/**
 * StartSession with a session document (none: the default shell, SSM-SessionManagerRunShell) and its parameters,
 * which SSM takes as lists of strings: { portNumber: ["5432"] } (docs/session-manager-protocol.md#session-documents).
 * IAM authorises both the node and the document's ARN, so the person's role must allow the document too.
 */
export async function startSession(input: {
  region: string;
  credentials: Credentials;
  instanceId: string;
  reason?: string | null;
  documentName?: string;
  parameters?: Record<string, string | number>;
}): Promise<StreamCredentials> {
  const reason = toSessionReason(input.reason);
  const parameters = input.parameters && Object.fromEntries(Object.entries(input.parameters).map(([name, value]) => [name, [String(value)]]));
  const answer = await ssmClient(input.region, input.credentials).send(
    new StartSessionCommand({
      Target: input.instanceId,
      ...(input.documentName ? { DocumentName: input.documentName } : {}),
      ...(parameters && Object.keys(parameters).length > 0 ? { Parameters: parameters } : {}),
      ...(reason ? { Reason: reason } : {}),
    }),
  );
  return toStreamCredentials(answer, "StartSession");
}

export async function resumeShellSession(input: { region: string; credentials: Credentials; sessionId: string }): Promise<StreamCredentials> {
  const answer = await ssmClient(input.region, input.credentials).send(new ResumeSessionCommand({ SessionId: input.sessionId }));
  return toStreamCredentials(answer, "ResumeSession");
}

export async function terminateShellSession(input: { region: string; credentials: Credentials; sessionId: string }): Promise<void> {
  await ssmClient(input.region, input.credentials).send(new TerminateSessionCommand({ SessionId: input.sessionId }));
}

function toSummary(session: Session): SessionSummary {
  return {
    sessionId: session.SessionId ?? "",
    target: session.Target ?? "",
    status: session.Status ?? "Unknown",
    startedAt: session.StartDate?.toISOString() ?? null,
    endedAt: session.EndDate?.toISOString() ?? null,
    owner: session.Owner ?? null,
    reason: session.Reason ?? null,
    details: session.Details ?? null,
  };
}

/** DescribeSessions, every page, for one state (Active or History) in the credentials' account and `region`. */
export async function describeShellSessions(input: {
  region: string;
  credentials: Credentials;
  state: "Active" | "History";
  /** Only sessions started at or after this time. */
  startedAfter?: Date;
}): Promise<SessionSummary[]> {
  const client = ssmClient(input.region, input.credentials);
  // AWS documents the filter value as 2018-08-29T00:00:00Z: whole seconds, rounded down to keep the boundary.
  const after = input.startedAfter && `${input.startedAfter.toISOString().slice(0, 19)}Z`;
  const Filters: SessionFilter[] = after ? [{ key: "InvokedAfter", value: after }] : [];
  const sessions: SessionSummary[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.send(
      new DescribeSessionsCommand({ State: input.state, MaxResults: 200, NextToken: nextToken, ...(Filters.length ? { Filters } : {}) }),
    );
    sessions.push(...(answer.Sessions ?? []).filter((session) => session.SessionId).map(toSummary));
    nextToken = answer.NextToken;
    if (!nextToken) break;
  }
  return sessions;
}
