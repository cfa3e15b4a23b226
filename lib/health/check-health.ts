import "server-only";
import { getDb } from "@/lib/db/client";
import { checkBrokerHealth } from "@/lib/aws/broker-health";

export type ComponentHealth = { ok: boolean | null; latencyMs: number; message?: string; identity?: string };
export type HealthReport = { status: "ok" | "degraded"; checkedAt: string; database: ComponentHealth; aws: ComponentHealth };

const TIMEOUT_MS = 3000;

async function timed(check: () => Promise<Omit<ComponentHealth, "latencyMs">>): Promise<ComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    const result = await Promise.race([check(), timeout]);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), message: error instanceof Error ? error.message : "failed" };
  } finally {
    clearTimeout(timer);
  }
}

/** Database and AWS reachability, checked side by side; "degraded" when either fails. */
export async function checkHealth(): Promise<HealthReport> {
  const [database, aws] = await Promise.all([
    timed(async () => {
      await getDb().$queryRaw`SELECT 1`;
      return { ok: true };
    }),
    timed(checkBrokerHealth),
  ]);
  const healthy = database.ok === true && aws.ok !== false;
  return { status: healthy ? "ok" : "degraded", checkedAt: new Date().toISOString(), database, aws };
}
