// The browser's calls to Gatehouse's shell API, with the answers typed. Used by the instances page (start) and the
// terminal (resume, terminate). Errors come back as sentences; nothing here throws for an HTTP refusal.

export interface StreamCredentials {
  sessionId: string;
  streamUrl: string;
  tokenValue: string;
}

export interface ShellTarget {
  accountId: string;
  region: string;
  instanceId: string;
  reason?: string;
}

export type ApiRefusal = { ok: false; status: number; code: string; message: string };
export type StartAnswer = { ok: true; credentials: StreamCredentials } | ApiRefusal;
/** `final`: resuming cannot work (session ended, not yours); otherwise trying again later may help. */
export type ResumeAnswer = { ok: true; credentials: StreamCredentials } | { ok: false; final: boolean; message: string; status?: number };

async function readRefusal(response: Response): Promise<ApiRefusal> {
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  return {
    ok: false,
    status: response.status,
    code: body.error ?? "http-error",
    message: body.message ?? `Gatehouse answered HTTP ${response.status}.`,
  };
}

function readCredentials(body: unknown): StreamCredentials | null {
  const value = body as Partial<StreamCredentials> | null;
  if (!value || typeof value.sessionId !== "string" || typeof value.streamUrl !== "string" || typeof value.tokenValue !== "string") return null;
  return { sessionId: value.sessionId, streamUrl: value.streamUrl, tokenValue: value.tokenValue };
}

const jsonInit = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  cache: "no-store",
});

export async function requestShell(target: ShellTarget): Promise<StartAnswer> {
  let response: Response;
  try {
    response = await fetch("/api/shell", jsonInit("POST", target));
  } catch {
    return { ok: false, status: 0, code: "network", message: "Gatehouse could not be reached. Check your connection and try again." };
  }
  if (!response.ok) return readRefusal(response);
  const credentials = readCredentials(await response.json().catch(() => null));
  return credentials ? { ok: true, credentials } : { ok: false, status: 502, code: "bad-answer", message: "Gatehouse answered without session details." };
}

// 404/410: the session is gone; 401/403: not (or no longer) allowed. Retrying cannot change either.
const FINAL_STATUSES = new Set([400, 401, 403, 404, 410]);

const RESUME_TIMEOUT_MS = 15_000;

export async function requestResume(sessionId: string): Promise<ResumeAnswer> {
  let response: Response;
  try {
    // A request lost in an outage must not hold up the next attempt for minutes.
    response = await fetch(`/api/shell/${encodeURIComponent(sessionId)}/resume`, { ...jsonInit("POST"), signal: AbortSignal.timeout(RESUME_TIMEOUT_MS) });
  } catch {
    return { ok: false, final: false, message: "Gatehouse could not be reached." };
  }
  if (!response.ok) {
    const refusal = await readRefusal(response);
    return { ok: false, final: FINAL_STATUSES.has(response.status), message: refusal.message, status: response.status };
  }
  const credentials = readCredentials(await response.json().catch(() => null));
  return credentials ? { ok: true, credentials } : { ok: false, final: false, message: "Gatehouse answered without session details." };
}

export async function requestTerminate(sessionId: string): Promise<{ ok: true } | ApiRefusal> {
  let response: Response;
  try {
    response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}`, jsonInit("DELETE"));
  } catch {
    return { ok: false, status: 0, code: "network", message: "Gatehouse could not be reached. Try again." };
  }
  return response.ok ? { ok: true } : readRefusal(response);
}
