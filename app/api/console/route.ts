// POST /api/console - open the AWS console as a role: JSON { accountId, roleName, destination?, reason? } → { url, expiresAt }
import { after, NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readSessionIdToken } from "@/lib/aws/session-id-token";
import type { OpenConsoleResult } from "@/lib/console/console-api";
import { openConsole } from "@/lib/console/open-console";
import { assertSameOrigin } from "@/lib/console/request-guard";
import { ApiError, errorResponse } from "@/lib/http/api-response";
import { getRequestMeta } from "@/lib/http/request-meta";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const user = await getCurrentUser();
  if (!user) return errorResponse(new ApiError(401, "unauthenticated", "Sign in to Gatehouse first."));
  try {
    assertSameOrigin(request);
    // A body that is not JSON is refused by openConsole like any other malformed request (400, audited).
    const input: unknown = await request.json().catch(() => null);
    const [meta, idToken] = await Promise.all([getRequestMeta(), readSessionIdToken()]);
    const opened = await openConsole({ user: { ...user, idToken }, input, meta, defer: (task) => after(task) });
    const body: OpenConsoleResult = { url: opened.url, expiresAt: opened.expiresAt.toISOString(), roleArn: opened.roleArn, sessionName: opened.sessionName, chained: opened.chained };
    return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
