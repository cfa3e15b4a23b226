// GET /api/sessions - the caller's shell sessions (everyone's for administrators) with live Session Manager status
import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/http/api-response";
import { getActingUser } from "@/lib/instances/current-acting-user";
import { listShellSessions } from "@/lib/instances/list-sessions";
import { requireActing } from "@/lib/instances/request-guard";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  try {
    const user = requireActing(await getActingUser());
    const everyone = request.nextUrl.searchParams.get("scope") !== "mine";
    return NextResponse.json(await listShellSessions({ user, everyone }), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
