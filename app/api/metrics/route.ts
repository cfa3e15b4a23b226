// GET /api/metrics - Prometheus metrics for a scraper holding METRICS_TOKEN (Bearer); 404 while no token is set,
// 401 without the right one. No session: a scraper has none, and a signed-in person gets nothing more.
import { publicRoute } from "@/lib/http/route";
import { scrapeMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

export const GET = publicRoute({
  accept: [],
  handle: ({ request }) => scrapeMetrics(request.headers.get("authorization")),
  respond: (scrape) => new Response(scrape.body, { status: 200, headers: { "Content-Type": scrape.contentType, "Cache-Control": "no-store" } }),
});
