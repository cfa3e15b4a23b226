// POST /api/shell/<sessionId>/resume - a fresh stream token for the caller's own dropped session (ResumeSession)
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/http/api-response";
import { getRequestMeta } from "@/lib/http/request-meta";
import { getActingUser } from "@/lib/instances/current-acting-user";
import { assertSameOrigin, decodeSessionId, requireActing } from "@/lib/instances/request-guard";
import { resumeShell } from "@/lib/instances/session-control";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ sessionId: string }> }) {
  try {
    const user = requireActing(await getActingUser());
    assertSameOrigin(request);
    const sessionId = decodeSessionId((await params).sessionId);
    const stream = await resumeShell({ user, sessionId, meta: await getRequestMeta() });
    return NextResponse.json(stream, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
