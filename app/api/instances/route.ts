// GET /api/instances - the managed instances the signed-in user may reach, with per-account/region problems
import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/http/api-response";
import { getActingUser } from "@/lib/instances/current-acting-user";
import { listPermittedInstances, type ListInstancesInput } from "@/lib/instances/list-instances";
import { requireActing } from "@/lib/instances/request-guard";

export const dynamic = "force-dynamic";

// ?refresh=all skips the short cache everywhere; ?refresh=<account id>:<region> only there (a Retry button).
function readRefresh(value: string | null): ListInstancesInput["refresh"] {
  if (value === "all") return "all";
  const match = value ? /^(\d{12}):([a-z]{2}(?:-[a-z]+)+-\d{1,2})$/.exec(value) : null;
  return match ? { accountId: match[1]!, region: match[2]! } : undefined;
}

export async function GET(request: NextRequest) {
  try {
    const user = requireActing(await getActingUser());
    const listing = await listPermittedInstances({ user, refresh: readRefresh(request.nextUrl.searchParams.get("refresh")) });
    return NextResponse.json(listing, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
