// GET /api/console/options - what the Open console button's options panel shows for one permitted role
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { describeConsoleRole } from "@/lib/console/console-roles";
import { ApiError, errorResponse } from "@/lib/http/api-response";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return errorResponse(new ApiError(401, "unauthenticated", "Sign in to Gatehouse first."));
  try {
    const query = new URL(request.url).searchParams;
    const accountId = query.get("accountId") ?? "";
    const roleName = query.get("roleName") ?? "";
    const details = await describeConsoleRole(user, accountId, roleName);
    if (!details) throw new ApiError(404, "not-permitted", `You may not open role ${roleName || "(none)"} in account ${accountId || "(none)"}.`);
    return NextResponse.json(details, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
