// GET /api/console/open - open the AWS console as a role from a link: 302 to the AWS login URL, or a 4xx page
import { after, NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readSessionIdToken } from "@/lib/aws/session-id-token";
import { renderConsoleErrorPage } from "@/lib/console/error-page";
import { openConsole } from "@/lib/console/open-console";
import { assertSameOrigin } from "@/lib/console/request-guard";
import { ApiError, errorResponse } from "@/lib/http/api-response";
import { getRequestMeta } from "@/lib/http/request-meta";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export async function GET(request: Request) {
  const user = await getCurrentUser();
  try {
    if (!user) throw new ApiError(401, "unauthenticated", "Sign in to Gatehouse first.");
    assertSameOrigin(request);
    const query = new URL(request.url).searchParams;
    const input = Object.fromEntries(["accountId", "roleName", "destination", "reason"].flatMap((key) => (query.has(key) ? [[key, query.get(key)]] : [])));
    const [meta, idToken] = await Promise.all([getRequestMeta(), readSessionIdToken()]);
    const opened = await openConsole({ user: { ...user, idToken }, input, meta, defer: (task) => after(task) });
    return NextResponse.redirect(opened.url, { status: 302, headers: NO_STORE });
  } catch (error) {
    const wantsHtml = request.headers.get("accept")?.includes("text/html");
    if (!wantsHtml) return errorResponse(error);
    const known = error instanceof ApiError ? error : undefined;
    if (!known) console.error("[console] unexpected error:", error);
    const status = known?.status ?? 500;
    const message = known?.message ?? "Gatehouse hit an unexpected error. Try again; if it persists, tell your administrator.";
    return new NextResponse(renderConsoleErrorPage(status, message, known ? known.extra.retryable === true : true), {
      status,
      headers: { ...NO_STORE, "content-type": "text/html; charset=utf-8" },
    });
  }
}
