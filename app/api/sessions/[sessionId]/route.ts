// DELETE /api/sessions/<sessionId> - terminate a session (its owner, or an administrator); audited
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/http/api-response";
import { getRequestMeta } from "@/lib/http/request-meta";
import { getActingUser } from "@/lib/instances/current-acting-user";
import { assertSameOrigin, decodeSessionId, requireActing } from "@/lib/instances/request-guard";
import { terminateShell } from "@/lib/instances/session-control";

export const dynamic = "force-dynamic";

export async function DELETE(request: Request, { params }: { params: Promise<{ sessionId: string }> }) {
  try {
    const user = requireActing(await getActingUser());
    assertSameOrigin(request);
    const sessionId = decodeSessionId((await params).sessionId);
    const result = await terminateShell({ user, sessionId, meta: await getRequestMeta() });
    return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
