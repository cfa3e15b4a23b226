// Calls to Gatehouse's command-line API (docs/cli-api.md). Every failure becomes a sentence that says what to do:
// the network → "could not be reached"; 401 → "not signed in"; any other refusal → "Gatehouse refused: <the
// server's own message>". Bodies and tokens are never part of an error message.
import type { CliContext } from "./context";
import { CliError, notSignedIn } from "./errors";
import { VERSION } from "./version";

export const REQUEST_TIMEOUT_MS = 30_000;

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string | undefined>;
}

/** One HTTP call; resolves with any answer the server gave, throws only when there was none. */
export async function call(
  ctx: CliContext,
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": `gatehouse-cli/${VERSION}` };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let answer;
  try {
    answer = await ctx.http(`${baseUrl}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  } catch (error) {
    throw unreachable(baseUrl, error);
  }
  let body: unknown = null;
  try {
    body = answer.text ? JSON.parse(answer.text) : null;
  } catch {
    body = null;
  }
  return { status: answer.status, body, headers: answer.headers };
}

function unreachable(baseUrl: string, error: unknown): CliError {
  const { name, code, cause } = (error ?? {}) as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  const why = name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : (code ?? cause?.code ?? cause?.message);
  return new CliError(`Gatehouse at ${baseUrl} could not be reached${why ? ` (${why})` : ""}: check the address and your network, then try again`);
}

export const errorCodeOf = (body: unknown): string | undefined =>
  body && typeof body === "object" && typeof (body as { error?: unknown }).error === "string" ? (body as { error: string }).error : undefined;

const messageOf = (body: unknown): string | undefined =>
  body && typeof body === "object" && typeof (body as { message?: unknown }).message === "string" ? (body as { message: string }).message : undefined;

/** The error for an answer that is not a success. */
export function refusal(baseUrl: string, answer: ApiAnswer): CliError {
  const message = messageOf(answer.body);
  if (answer.status === 401) return notSignedIn(message ?? "Gatehouse no longer accepts this sign-in");
  if (!message)
    return new CliError(
      `Gatehouse at ${baseUrl} answered ${answer.status} without the command-line API's error body: is this the right address, and is Gatehouse up to date?`,
    );
  if (answer.status === 429) {
    const after = answer.headers["retry-after"];
    return new CliError(`Gatehouse refused: ${message}${after ? ` (try again in ${after} s)` : ""}`);
  }
  if (answer.status >= 500) return new CliError(`Gatehouse could not do it: ${message}`);
  return new CliError(`Gatehouse refused: ${message}`);
}

/** A call with the stored token whose success is JSON; anything else throws the matching CliError. */
export async function callJson<T>(
  ctx: CliContext,
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ body: T; headers: ApiAnswer["headers"] }> {
  const answer = await call(ctx, baseUrl, method, path, options);
  if (answer.status < 200 || answer.status >= 300) throw refusal(baseUrl, answer);
  if (answer.body === null || typeof answer.body !== "object") {
    throw new CliError(`Gatehouse at ${baseUrl} answered ${path} with something other than JSON: is this the right address?`);
  }
  return { body: answer.body as T, headers: answer.headers };
}
