import "server-only";
import { z } from "zod";
import { GroupSourceError, type GroupSourceErrorCode } from "./group-source";
import { fetchWithTimeout, type AccessTokenProvider } from "./service-account-token";

// One GET against the Admin SDK Directory API, shared by groups.list and members.list: bearer token from the service
// account, one fresh token on a 401, Google's error body turned into a GroupSourceError with a clear message.
// Google's error shapes: docs/google-directory-facts.md, "Errors".

const googleErrorSchema = z.object({ error: z.object({ message: z.string().optional() }).loose() }).loose();

export type DirectoryCall = {
  /** "groups.list" or "members.list", for messages. */
  method: string;
  /** What a 403 says the service account may not do, e.g. "list groups". */
  forbiddenAction: string;
  /** The 404 error: which user or group the directory does not know. */
  notFound: { code: Extract<GroupSourceErrorCode, "user-not-found" | "group-not-found">; message: string };
};

export async function getDirectoryJson<T>(
  url: URL,
  tokens: AccessTokenProvider,
  timeoutMs: number,
  schema: z.ZodType<T>,
  call: DirectoryCall,
  retried = false,
): Promise<T> {
  const token = await tokens.getAccessToken();
  const response = await fetchWithTimeout(
    url.toString(),
    { headers: { authorization: `Bearer ${token}`, accept: "application/json" } },
    timeoutMs,
    "the Google Directory API",
  );
  // A token revoked or expired early: mint a fresh one once before giving up.
  if (response.status === 401 && !retried) {
    tokens.invalidate();
    return getDirectoryJson(url, tokens, timeoutMs, schema, call, true);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw directoryError(response.status, body, call);
  const page = schema.safeParse(body);
  if (!page.success) {
    throw new GroupSourceError("bad-response", `The Google Directory API answered ${call.method} with an unexpected body`, { status: response.status });
  }
  return page.data;
}

function directoryError(status: number, body: unknown, call: DirectoryCall): GroupSourceError {
  const parsed = googleErrorSchema.safeParse(body);
  const detail = parsed.success && parsed.data.error.message ? `: ${parsed.data.error.message}` : "";
  if (status === 401) return new GroupSourceError("unauthorized", `The Google Directory API rejected the access token${detail}`, { status });
  if (status === 403) {
    return new GroupSourceError(
      "forbidden",
      `The service account may not ${call.forbiddenAction} (give it the Groups Reader admin role, or domain-wide delegation with a subject)${detail}`,
      { status },
    );
  }
  if (status === 404) return new GroupSourceError(call.notFound.code, `${call.notFound.message}${detail}`, { status });
  if (status >= 500 || status === 429)
    return new GroupSourceError("unavailable", `The Google Directory API is unavailable (HTTP ${status})${detail}`, { status });
  return new GroupSourceError("bad-response", `The Google Directory API answered HTTP ${status}${detail}`, { status });
}
