import "server-only";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { getConfig } from "@/lib/config";
import { checkHealth, type HealthReport } from "./check-health";
import { healthTokenMatches, publicHealth, type PublicHealth } from "./public-health";

/** The health report as this caller may see it: the details for admins and HEALTH_TOKEN holders, else one word each. */
export async function healthReportFor({ actor, authorization }: { actor: Actor | null; authorization: string | null }): Promise<HealthReport | PublicHealth> {
  const report = await checkHealth();
  if (healthTokenMatches(authorization, getConfig().HEALTH_TOKEN)) return report;
  if (actor) {
    const policy = await getAccessPolicy().catch(() => null);
    if (policy && decide(subjectOf(actor), { action: "health:details" }, { policy }).allowed) return report;
  }
  return publicHealth(report);
}
