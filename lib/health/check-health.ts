import "server-only";
import { getDb } from "@/lib/db/client";

export type ComponentHealth = { ok: boolean; latencyMs: number; message?: string };
export type HealthReport = { status: "ok" | "degraded"; checkedAt: string; database: ComponentHealth; aws: ComponentHealth | { ok: null; message: string } };

async function timed(check: () => Promise<unknown>, timeoutMs = 3000): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), message: error instanceof Error ? error.message : "failed" };
  }
}

export async function checkHealth(): Promise<HealthReport> {
  const database = await timed(() => getDb().$queryRaw`SELECT 1`);
  const aws = { ok: null, message: "AWS is not configured yet" } as const;
  return { status: database.ok ? "ok" : "degraded", checkedAt: new Date().toISOString(), database, aws };
}
