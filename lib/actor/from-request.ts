import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { actorFromCliToken } from "@/lib/cli/token-actor";
import { bearerCliToken } from "@/lib/cli/tokens";
import { getConfig } from "@/lib/config";
import { getRequestMeta } from "@/lib/http/request-meta";
import type { Actor, AuthMethod } from "./actor";
import { findLiveSession } from "./auth-sessions";

// The one place an Actor is built from a request. The first way in is the browser's session cookie: next-auth's
// encrypted JWT (its groups re-checked every SESSION_RECHECK_SECONDS by the jwt callback) AND a live server-side
// session record named by the JWT's `sid`; a cookie whose record was ended (sign-out, an administrator) is nobody.
// The second is a command-line token, `Authorization: Bearer gh1_…` (lib/cli/token-actor.ts), built into the same
// Actor. Each caller names the ways it accepts: pages and browser routes the cookie only (the default), so a token
// is nobody there; the /api/v1/ routes the token only, so a cookie is nobody there.

type GetTokenRequest = Parameters<typeof getToken>[0]["req"];

/**
 * The person making the current request, or null (anonymous, expired, signed out, revoked, or a forged cookie or
 * token). `accept`: the ways in the caller takes, the browser session only by default.
 */
export async function getActor({ accept = ["browser-session"] }: { accept?: readonly AuthMethod[] } = {}): Promise<Actor | null> {
  // Per-request by nature: never prerendered at build time (when no runtime configuration exists).
  await connection();
  const requestHeaders = await headers();
  // Where tokens are accepted, a request with an Authorization header is judged by it alone, never by a cookie that
  // happens to come with it.
  if (accept.includes("cli-token") && requestHeaders.has("authorization")) {
    const token = bearerCliToken(requestHeaders.get("authorization"));
    return token === null ? null : actorFromCliToken(token, await getRequestMeta());
  }
  if (!accept.includes("browser-session")) return null;
  const config = getConfig();
  const req = { cookies: await cookies(), headers: requestHeaders } as unknown as GetTokenRequest;
  const [session, token] = await Promise.all([getServerSession(getAuthOptions()), getToken({ req, secret: config.NEXTAUTH_SECRET })]);
  if (!session?.user?.sub || typeof token?.sid !== "string" || token.sub !== session.user.sub) return null;
  const expiresAt = session.signInExpiresAt * 1000;
  if (expiresAt <= Date.now()) return null;
  const live = await findLiveSession(token.sid);
  if (!live || live.userSub !== session.user.sub || live.kind !== "browser") return null;
  const meta = await getRequestMeta();
  const { sub, email, name, image, groups } = session.user;
  return {
    sub,
    email,
    name,
    image: image ?? null,
    groups,
    via: "browser-session",
    sessionId: live.id,
    sourceIp: meta.sourceIp,
    userAgent: meta.userAgent,
    expiresAt,
    ...(config.BROKER_MODE === "web-identity" && typeof token.idToken === "string" ? { idToken: token.idToken } : {}),
  };
}

/** For pages: the signed-in person, or a redirect to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  return actor;
}
