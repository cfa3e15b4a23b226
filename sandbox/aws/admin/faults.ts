import { z } from "zod";

// Faults on demand (POST /_sandbox/faults): make chosen requests throttle, fail, hang or drop, so tests and the
// demo can show how Gatehouse behaves when AWS misbehaves.

export const FAULT_SERVICES = ["organizations", "sts", "ec2", "ssm", "iam", "federation"] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];

export const faultSpecSchema = z.strictObject({
  kind: z.enum(["throttle", "access-denied", "expired-token", "unreachable", "latency"]),
  service: z.enum(FAULT_SERVICES).optional(),
  operation: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  /** How many matching requests it affects; unlimited when absent. */
  count: z.number().int().positive().optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /**
   * Throttle faults only: throttle a request only when this many matching requests are already being served, as
   * AWS does when a caller keeps too many in flight. Throttled requests are answered at once and do not count.
   */
  maxInFlight: z.number().int().positive().optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface Fault extends FaultSpec {
  id: string;
  /** Requests this fault has affected so far. */
  hits: number;
  /** maxInFlight faults: the most matching requests served at once so far. */
  peakInFlight?: number;
}

export type FaultOutcome = { action: "none" } | { action: "drop" } | { action: "error"; kind: "throttle" | "access-denied" | "expired-token" };

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const parsed = faultSpecSchema.parse(spec);
    if (parsed.kind === "latency" && parsed.latencyMs === undefined) throw new Error("latency faults need latencyMs");
    if (parsed.maxInFlight !== undefined && parsed.kind !== "throttle") throw new Error("maxInFlight applies to throttle faults only");
    const fault: Fault = { ...parsed, id: `fault-${this.nextId++}`, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * Applies matching faults to one request: latency ones add up, then the oldest other fault decides. A request a
   * maxInFlight fault lets through is counted as in flight until `done` is called (the server calls it when the
   * response ends).
   */
  async apply(service: FaultService, operation: string, region: string, done?: (release: () => void) => void): Promise<FaultOutcome> {
    if (this.faults.length === 0) return { action: "none" };
    const matching = this.faults.filter(
      (f) => (!f.service || f.service === service) && (!f.operation || f.operation === operation) && (!f.region || f.region === region),
    );
    const delay = matching.filter((f) => f.kind === "latency");
    const admitted = matching.filter((f) => f.maxInFlight !== undefined && this.admit(f));
    if (admitted.length > 0) {
      done?.(() => admitted.forEach((f) => this.inFlight.set(f, (this.inFlight.get(f) ?? 1) - 1)));
    }
    const decisive = matching.find((f) => f.kind !== "latency" && !admitted.includes(f));
    for (const f of [...delay, ...(decisive ? [decisive] : [])]) this.consume(f);
    const waitMs = delay.reduce((sum, f) => sum + (f.latencyMs ?? 0), 0);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (!decisive) return { action: "none" };
    if (decisive.kind === "unreachable") return { action: "drop" };
    return { action: "error", kind: decisive.kind as "throttle" | "access-denied" | "expired-token" };
  }

  private readonly inFlight = new Map<Fault, number>();

  /** Whether a maxInFlight fault lets this request through (it then counts as in flight). */
  private admit(fault: Fault): boolean {
    const current = this.inFlight.get(fault) ?? 0;
    if (current >= fault.maxInFlight!) return false;
    this.inFlight.set(fault, current + 1);
    fault.peakInFlight = Math.max(fault.peakInFlight ?? 0, current + 1);
    return true;
  }

  private consume(fault: Fault): void {
    fault.hits += 1;
    if (fault.count !== undefined && fault.hits >= fault.count) this.faults = this.faults.filter((f) => f !== fault);
  }
}
