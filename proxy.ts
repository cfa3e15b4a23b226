// Every request but sign-in, next-auth's own routes, health and static files needs a live session. Pages, and the
// console links people open in a tab, redirect to the sign-in page and continue there afterwards; APIs answer 401. Each page and handler checks again through lib/auth (defence in depth).
// Every answer that passes here, the redirects and 401s too, carries the Content-Security-Policy with this
// request's nonce (and HSTS over https); the nonce also goes to the rendering on the request headers, where Next.js
// reads it to stamp its own scripts.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { isSignInExpired } from "@/lib/auth/session-lifetime";
import { signInRedirectUrl, wantsSignInPage } from "@/lib/auth/sign-in-redirect";
import { createNonce, securityHeaders } from "@/lib/http/security-headers";

// The command line's two login endpoints are public: the code or device code in the body is the credential.
const PUBLIC = [
  /^\/signin(\/|$)/,
  /^\/api\/auth(\/|$)/,
  /^\/api\/health(\/live|\/ready)?$/,
  // Prometheus scrapes with METRICS_TOKEN, which the route checks; without it the route answers 404 or 401.
  /^\/api\/metrics$/,
  /^\/_next\//,
  /^\/favicon\.ico$/,
  /^\/gatehouse\.svg$/,
  /^\/cli\/gatehouse\.mjs$/,
  /^\/api\/v1\/cli\/(token|device)$/,
];
// The command-line API takes a bearer token instead of the cookie. The proxy only lets a request that carries one
// through; the route (lib/http/route.ts, accept: ["cli-token"]) checks the token against its record. Nowhere else
// does a bearer token stand in for the cookie.
const CLI_TOKEN_API = /^\/api\/v1\//;
const CLI_BEARER = /^Bearer +gh1_\S+ *$/i;

export async function proxy(request: NextRequest) {
  const config = getConfig();
  const nonce = createNonce();
  const headers = securityHeaders(nonce, config);
  const answer = await gate(request, config.NEXTAUTH_SECRET, () => {
    const forwarded = new Headers(request.headers);
    forwarded.set("x-nonce", nonce);
    forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
    return NextResponse.next({ request: { headers: forwarded } });
  });
  for (const [name, value] of Object.entries(headers)) answer.headers.set(name, value);
  return answer;
}

async function gate(request: NextRequest, secret: string, pass: () => NextResponse): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  // Cancelling Google's account chooser comes back as error=access_denied, which next-auth reports like a forged
  // answer ("could not be checked"); say what happened instead.
  if (pathname === "/api/auth/callback/google" && request.nextUrl.searchParams.get("error") === "access_denied") {
    return NextResponse.redirect(new URL("/signin?error=Cancelled", request.nextUrl.origin));
  }
  if (PUBLIC.some((re) => re.test(pathname))) return pass();
  if (CLI_TOKEN_API.test(pathname) && CLI_BEARER.test(request.headers.get("authorization") ?? "")) return pass();

  const token = await getToken({ req: request, secret });
  if (token && !isSignInExpired(token)) return pass();

  if (!wantsSignInPage(request.method, pathname, request.headers.get("accept"))) {
    return NextResponse.json({ error: "unauthenticated", message: "Sign in to Gatehouse first." }, { status: 401 });
  }
  return NextResponse.redirect(signInRedirectUrl(request.nextUrl.origin, pathname, search));
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
