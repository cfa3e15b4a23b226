// Every request but sign-in, next-auth's own routes, health and static files needs a live session. Pages redirect
// to the sign-in page; APIs answer 401. Each page and handler checks again through lib/auth (defence in depth).
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { isSignInExpired } from "@/lib/auth/session-lifetime";

const PUBLIC = [/^\/signin(\/|$)/, /^\/api\/auth(\/|$)/, /^\/api\/health$/, /^\/_next\//, /^\/favicon\.ico$/, /^\/gatehouse\.svg$/];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((re) => re.test(pathname))) return NextResponse.next();

  const token = await getToken({ req: request, secret: getConfig().NEXTAUTH_SECRET });
  if (token && !isSignInExpired(token)) return NextResponse.next();

  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "unauthenticated", message: "Sign in to Gatehouse first." }, { status: 401 });
  }
  const signIn = new URL("/signin", request.nextUrl.origin);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
