// POST /api/org/sync - an administrator starts an organization sync now; GET /api/org/sync - the latest sync's status
import { NextResponse } from "next/server";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";
import { readOrgSyncStatus, startSyncByHand } from "@/lib/org/org-service";

export const dynamic = "force-dynamic";

export const GET = route({ handle: readOrgSyncStatus });

export const POST = route({
  handle: startSyncByHand,
  respond: (started) => NextResponse.json(started, { status: started.status === "running" ? 202 : 409, headers: NO_STORE }),
});
