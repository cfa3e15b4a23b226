// Signed out on a page, or on a link a person follows (GET /api/console/open from "Open in a new tab", a bookmark,
// a shared link): go to sign-in and come back to the same address afterwards. The address is only ever a path on
// Gatehouse (safeCallbackPath checks it again on the way back), so this cannot become an open redirect.

import { rolePath } from "@/lib/console/addresses";

// IAM role names (lib/access/ids.ts ROLE_NAME; that module is server-only and this one runs in the proxy too).
const ROLE_NAME = /^(?:[\w+=,.@-]{1,512}\/)*[\w+=,.@-]{1,64}$/;

/** API addresses people open in a browser tab; everything else under /api/ answers 401 JSON. */
const FOLLOWED_LINKS = [/^\/api\/console\/open$/];

/** Whether a signed-out request should be sent to sign-in (a page, or a followed link asking for HTML). */
export function wantsSignInPage(method: string, pathname: string, accept: string | null): boolean {
  if (!pathname.startsWith("/api/")) return true;
  return method === "GET" && (accept ?? "").includes("text/html") && FOLLOWED_LINKS.some((re) => re.test(pathname));
}

/**
 * Where to continue after sign-in. A console link continues to its role's page, where one click opens the console:
 * the way back from Google is a cross-site navigation, and Gatehouse never issues a console sign-in to a request
 * another site started (lib/http/same-origin.ts), so continuing to the link itself would only show that refusal.
 */
export function continueAddress(pathname: string, search: string): string {
  if (pathname !== "/api/console/open") return `${pathname}${search}`;
  const query = new URLSearchParams(search);
  const accountId = query.get("accountId") ?? "";
  const roleName = query.get("roleName") ?? "";
  return /^\d{12}$/.test(accountId) && ROLE_NAME.test(roleName) ? rolePath(accountId, roleName) : "/";
}

/** /signin?callbackUrl=<where to continue>, on `origin`. */
export function signInRedirectUrl(origin: string, pathname: string, search: string): URL {
  const signIn = new URL("/signin", origin);
  signIn.searchParams.set("callbackUrl", continueAddress(pathname, search));
  return signIn;
}
