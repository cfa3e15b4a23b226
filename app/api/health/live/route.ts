// GET /api/health/live - liveness: the process is up and answers (200). It checks nothing else, so an orchestrator
// restarts a hung Gatehouse but not one whose database is away (that is readiness, /api/health/ready).
import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/http/route";
import { NO_STORE } from "@/lib/http/answer";

export const dynamic = "force-dynamic";

export const GET = publicRoute({
  accept: [],
  handle: async () => ({ status: "live" as const }),
  respond: (live) => NextResponse.json(live, { headers: NO_STORE }),
});
