// POST /api/shell - start a Session Manager shell on an instance (audited); answers the stream URL and token
import { NextResponse } from "next/server";
import { writeAuditEvent } from "@/lib/audit/write-audit-event";
import { ApiError, errorResponse } from "@/lib/http/api-response";
import { getRequestMeta } from "@/lib/http/request-meta";
import { getActingUser } from "@/lib/instances/current-acting-user";
import { openShell } from "@/lib/instances/open-shell";
import { assertSameOrigin, readJsonBody, requireActing } from "@/lib/instances/request-guard";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const user = requireActing(await getActingUser());
    const meta = await getRequestMeta();
    try {
      assertSameOrigin(request);
    } catch (error) {
      // A shell asked for from another site is worth a line in the audit log.
      if (error instanceof ApiError) await writeAuditEvent({ action: "shell.open", outcome: "denied", actor: user, detail: `${error.code}: ${error.message}`, ...meta });
      throw error;
    }
    const stream = await openShell({ user, body: await readJsonBody(request), meta });
    return NextResponse.json(stream, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
