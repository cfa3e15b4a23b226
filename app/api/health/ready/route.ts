// GET /api/health/ready - readiness: 200 {"status":"ready"} when the database answers, every migration is applied
// and no shutdown has begun; otherwise 503 {"status":"not-ready","reason":…}, so a load balancer stops sending.
import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/http/route";
import { NO_STORE } from "@/lib/http/answer";
import { checkReadiness } from "@/lib/health/readiness";

export const dynamic = "force-dynamic";

export const GET = publicRoute({
  accept: [],
  handle: () => checkReadiness(),
  respond: (readiness) => NextResponse.json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: NO_STORE }),
});
