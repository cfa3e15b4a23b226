// Credentials for one role, for `credentials`, `exec` and `env`: from the cache while they are good, otherwise
// from POST /api/v1/credentials (decided by decide() and audited on the server), then cached.
import { callJson } from "./api";
import type { CliContext } from "./context";
import { readCachedCredentials, writeCachedCredentials, type CacheKey } from "./credential-cache";
import { checkProcessCredentials, rememberSecrets, type ProcessCredentials } from "./process-credentials";
import { requireSession, sessionIdOf } from "./session-store";

export interface RoleRequest {
  account: string;
  role: string;
  reason?: string;
  /** Ask Gatehouse even when the cache has good credentials (the answer still replaces the cached copy). */
  noCache?: boolean;
}

export async function obtainCredentials(ctx: CliContext, request: RoleRequest): Promise<ProcessCredentials> {
  const session = requireSession(ctx);
  const key: CacheKey = { url: session.url, sessionId: sessionIdOf(session.token), account: request.account, role: request.role };
  if (!request.noCache) {
    const cached = readCachedCredentials(ctx, key);
    if (cached) {
      rememberSecrets(ctx.secrets, cached);
      return cached;
    }
  }
  const body = { account: request.account, role: request.role, ...(request.reason ? { reason: request.reason } : {}) };
  const answer = await callJson<unknown>(ctx, session.url, "POST", "/api/v1/credentials", { token: session.token, body });
  const credentials = checkProcessCredentials(answer.body);
  rememberSecrets(ctx.secrets, credentials);
  try {
    writeCachedCredentials(ctx, key, credentials);
  } catch (error) {
    ctx.stderr(
      `gatehouse: warning: could not cache the credentials (${(error as NodeJS.ErrnoException).code ?? "error"}); the next call will ask Gatehouse again\n`,
    );
  }
  return credentials;
}
