// POST /api/console - open the AWS console as a role: JSON { accountId, roleName, destination?, reason? } → { url, expiresAt }
import { NextResponse } from "next/server";
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
    const input: unknown = await request.json().catch(() => {
      throw new ApiError(400, "invalid-input", "Send a JSON body such as { \"accountId\": \"444444444444\", \"roleName\": \"Developer\" }.");
    });
    const [meta, idToken] = await Promise.all([getRequestMeta(), readSessionIdToken()]);
    const opened = await openConsole({ user: { ...user, idToken }, input, meta });
    const body: OpenConsoleResult = { url: opened.url, expiresAt: opened.expiresAt.toISOString(), roleArn: opened.roleArn, sessionName: opened.sessionName, chained: opened.chained };
    return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
