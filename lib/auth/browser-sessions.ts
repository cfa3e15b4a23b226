import "server-only";
import type { JWT } from "next-auth/jwt";
import { createAuthSession, revokeAuthSession } from "@/lib/actor/auth-sessions";
import { recordAudit } from "@/lib/audit/record";
import { getRequestMeta } from "@/lib/http/request-meta";

// The server-side side of a browser sign-in: the AuthSession record created when next-auth issues the cookie, and
// ended (and audited) when the person signs out.

/** The client's address and user agent within a request; nothing outside one (tests that drive next-auth's callbacks). */
const requestMeta = () => getRequestMeta().catch(() => ({ sourceIp: null, userAgent: null }));

export async function startBrowserSession(identity: { sub: string; email: string }, expiresAt: Date): Promise<string> {
  const meta = await requestMeta();
  return createAuthSession({ userSub: identity.sub, userEmail: identity.email, kind: "browser", expiresAt, ...meta });
}

/** next-auth's signOut event: end the session on the server, so a copy of the cookie no longer works. */
export async function recordSignOut(token: JWT | null | undefined): Promise<void> {
  if (!token?.sid || !token.sub || !token.email) return;
  const meta = await requestMeta();
  const ended = await revokeAuthSession(token.sid, token.email);
  await recordAudit({
    action: "auth.sign-out",
    outcome: "allowed",
    actor: { sub: token.sub, email: token.email, via: "browser-session", sessionId: token.sid, ...meta },
    detail: ended ? "the browser session was ended on the server" : "the session had already ended",
  });
}
