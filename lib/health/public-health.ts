import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { HealthReport } from "@/lib/health/check-health";

// What /api/health may tell whom. Anyone (a load balancer, a stranger) gets ok/degraded per dependency and nothing
// else; the full report (broker identity, latencies, messages) is for admins and for monitors holding HEALTH_TOKEN.

export type DependencyState = "ok" | "degraded";
export type PublicHealth = { status: DependencyState; database: DependencyState; aws: DependencyState | "unknown" };

/** The anonymous answer: the overall status and one word per dependency, no messages, identities, latencies or times. */
export function publicHealth(report: HealthReport): PublicHealth {
  return {
    status: report.status === "ok" ? "ok" : "degraded",
    database: report.database.ok === true ? "ok" : "degraded",
    aws: report.aws.ok === true ? "ok" : report.aws.ok === false ? "degraded" : "unknown",
  };
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;
const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Does `Authorization: Bearer <token>` carry the configured HEALTH_TOKEN? Compares SHA-256 digests with
 * timingSafeEqual, so neither the token's characters nor its length leak through timing. No configured token
 * (or an empty one), no header, another scheme or a malformed header: false.
 */
export function healthTokenMatches(authorizationHeader: string | null, configured: string | undefined): boolean {
  if (!configured || !authorizationHeader) return false;
  const presented = BEARER.exec(authorizationHeader)?.[1];
  if (!presented) return false;
  return timingSafeEqual(digest(presented), digest(configured));
}
