import "server-only";
import { cookies, headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/lib/config";

// BROKER_MODE=web-identity starts the role chain with the user's own Google ID token, which next-auth keeps in the
// encrypted session cookie (never in the session object the browser can read). This reads it for the current
// request. In the other modes the token is not needed, so the cookie is not decrypted.

type GetTokenRequest = Parameters<typeof getToken>[0]["req"];

/** The signed-in user's Google ID token, for the role chain; undefined unless BROKER_MODE=web-identity. */
export async function readSessionIdToken(): Promise<string | undefined> {
  const config = getConfig();
  if (config.BROKER_MODE !== "web-identity") return undefined;
  const req = { cookies: await cookies(), headers: await headers() } as unknown as GetTokenRequest;
  const token = await getToken({ req, secret: config.NEXTAUTH_SECRET });
  return typeof token?.idToken === "string" ? token.idToken : undefined;
}
