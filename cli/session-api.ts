// The command line's calls for Session Manager sessions (docs/cli-api.md): start a shell for an instance named by
// id or Name tag (asking for a reason on the terminal when the profile requires one and none was given), resume a
// dropped one, end one. Answers are the browser's types (lib/shell/shell-api), so ShellConnection takes them as is.
import type { ResumeAnswer, StreamCredentials } from "@/lib/shell/shell-api";
import { call, errorCodeOf, refusal } from "./api";
import type { CliContext } from "./context";
import { CliError } from "./errors";
import type { StoredSession } from "./session-store";

export interface CliStream extends StreamCredentials {
  instanceId: string;
  name: string | null;
  accountId: string;
  accountName: string;
  region: string;
  roleName: string;
}

export interface SessionTarget {
  instance: string;
  accountId?: string;
  region?: string;
  reason?: string;
}

const isStream = (body: unknown): body is CliStream => {
  const value = body as Partial<CliStream> | null;
  return !!value && typeof value.sessionId === "string" && typeof value.streamUrl === "string" && typeof value.tokenValue === "string";
};

/** Reads one line from the terminal (the prompt on stderr, so stdout stays the session's). */
export async function askLine(prompt: string): Promise<string> {
  const { createInterface } = await import("node:readline");
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true });
    rl.question(prompt, (answer) => {
      resolve(answer.trim());
      rl.close();
    });
    rl.on("close", () => resolve(""));
  });
}

/**
 * POST `path` with the target; on reason-required with no --reason, asks for one on the terminal (when there is
 * one) and tries once more. The stream token is a secret: it is added to ctx.secrets before anything else.
 */
export async function startSession(
  ctx: CliContext,
  session: StoredSession,
  path: string,
  target: SessionTarget,
  body: Record<string, unknown> = {},
): Promise<CliStream> {
  let reason = target.reason;
  for (let attempt = 0; ; attempt++) {
    const answer = await call(ctx, session.url, "POST", path, {
      token: session.token,
      body: {
        instance: target.instance,
        ...(target.accountId ? { accountId: target.accountId } : {}),
        ...(target.region ? { region: target.region } : {}),
        ...(reason ? { reason } : {}),
        ...body,
      },
    });
    if (answer.status >= 200 && answer.status < 300 && isStream(answer.body)) {
      ctx.secrets.add(answer.body.tokenValue);
      return answer.body;
    }
    if (answer.status >= 200 && answer.status < 300)
      throw new CliError(`Gatehouse at ${session.url} answered ${path} without session details: is Gatehouse up to date?`);
    if (errorCodeOf(answer.body) === "reason-required" && !reason && attempt === 0 && process.stdin.isTTY) {
      const message = (answer.body as { message?: string }).message;
      if (message) ctx.stderr(`gatehouse: ${message}\n`);
      reason = await askLine("Reason (recorded in the audit log): ");
      if (reason) continue;
    }
    throw refusal(session.url, answer);
  }
}

// 400/401/403/404/410: the session is gone or no longer the person's; trying again cannot help.
const FINAL_STATUSES = new Set([400, 401, 403, 404, 410]);

export async function resumeSession(ctx: CliContext, session: StoredSession, sessionId: string): Promise<ResumeAnswer> {
  let answer;
  try {
    answer = await call(ctx, session.url, "POST", `/api/v1/sessions/${encodeURIComponent(sessionId)}/resume`, { token: session.token, body: {} });
  } catch (error) {
    return { ok: false, final: false, message: error instanceof Error ? error.message : "Gatehouse could not be reached." };
  }
  if (answer.status >= 200 && answer.status < 300 && isStream(answer.body)) {
    ctx.secrets.add(answer.body.tokenValue);
    return { ok: true, credentials: { sessionId: answer.body.sessionId, streamUrl: answer.body.streamUrl, tokenValue: answer.body.tokenValue } };
  }
  return { ok: false, final: FINAL_STATUSES.has(answer.status), message: refusal(session.url, answer).message, status: answer.status };
}

/** TerminateSession, best effort: false (and nothing thrown) when Gatehouse could not do it. */
export async function terminateSession(ctx: CliContext, session: StoredSession, sessionId: string): Promise<boolean> {
  try {
    const answer = await call(ctx, session.url, "DELETE", `/api/v1/sessions/${encodeURIComponent(sessionId)}`, { token: session.token });
    return answer.status >= 200 && answer.status < 300;
  } catch {
    return false;
  }
}
