import "server-only";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import { healthTokenMatches } from "@/lib/health/public-health";
import { logger, errorField } from "@/lib/log/logger";
import { metrics } from "./registry";

// GET /api/metrics: the Prometheus text for a scraper holding METRICS_TOKEN (Authorization: Bearer, compared in
// constant time like HEALTH_TOKEN). Without a configured token the endpoint does not exist (404): metrics name
// routes, AWS operations and error rates, which strangers need not see, so they are off until an operator opts in.

export interface Scrape {
  contentType: string;
  body: string;
}

/** Seconds since the newest successful sync in the database (any instance's), or +Inf when there is none. */
async function refreshOrgSyncAge(): Promise<void> {
  try {
    const latest = await getDb().orgSync.findFirst({ where: { status: "succeeded" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } });
    const finished = latest?.finishedAt?.getTime();
    metrics().orgSyncAge.set(finished === undefined ? Infinity : Math.max(0, (Date.now() - finished) / 1000));
  } catch (error) {
    // The scrape still answers (the database's own trouble shows in the audit and HTTP metrics); the age stays.
    logger("metrics").warn({ err: errorField(error) }, "could not read the last organization sync for gatehouse_org_sync_age_seconds");
  }
}

export async function scrapeMetrics(authorization: string | null): Promise<Scrape> {
  const token = getConfig().METRICS_TOKEN;
  if (!token) throw new ServiceError("not-found", "Metrics are off: set METRICS_TOKEN to turn them on.");
  if (!healthTokenMatches(authorization, token)) throw new ServiceError("unauthenticated", "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.");
  await refreshOrgSyncAge();
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
