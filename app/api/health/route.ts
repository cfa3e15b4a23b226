// GET /api/health - can Gatehouse serve: ok/degraded per dependency for anyone (load balancers, monitors);
// the details (broker identity, latencies, messages) for administrators and for callers holding HEALTH_TOKEN
import { publicRoute } from "@/lib/http/route";
import { NextResponse } from "next/server";
import { NO_STORE } from "@/lib/http/answer";
import { healthReportFor } from "@/lib/health/health-service";

export const dynamic = "force-dynamic";

export const GET = publicRoute({
  handle: ({ actor, request }) => healthReportFor({ actor, authorization: request.headers.get("authorization") }),
  respond: (report) => NextResponse.json(report, { status: report.status === "ok" ? 200 : 503, headers: NO_STORE }),
});
