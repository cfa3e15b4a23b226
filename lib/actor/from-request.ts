import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { getConfig } from "@/lib/config";
import { getRequestMeta } from "@/lib/http/request-meta";
import type { Actor } from "./actor";
import { findLiveSession } from "./auth-sessions";

// The one place an Actor is built from a request. Today the way in is the browser's session cookie: next-auth's
// encrypted JWT (its groups re-checked every SESSION_RECHECK_SECONDS by the jwt callback) AND a live server-side
// session record named by the JWT's `sid`; a cookie whose record was ended (sign-out, an administrator) is nobody.
// A command-line bearer token is the second way in, built here too, into the same Actor.

type GetTokenRequest = Parameters<typeof getToken>[0]["req"];

/** The person making the current request, or null (anonymous, expired, signed out, or a forged cookie). */
export async function getActor(): Promise<Actor | null> {
  // Per-request by nature: never prerendered at build time (when no runtime configuration exists).
  await connection();
  const config = getConfig();
  const req = { cookies: await cookies(), headers: await headers() } as unknown as GetTokenRequest;
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
