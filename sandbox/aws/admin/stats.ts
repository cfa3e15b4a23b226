// Request counters per service and operation (GET /_sandbox/stats), so tests and benchmarks can assert how many
// AWS calls a Gatehouse feature made (e.g. that the org tree is cached, that retries happened).

export interface OperationStats {
  requests: number;
  errors: number;
  /** Time spent answering, from the request read to the response sent (injected latency included), in ms. */
  servedMs: number;
}

export interface StatsSnapshot {
  since: string;
  total: number;
  services: Record<string, { total: number; operations: Record<string, OperationStats> }>;
}

export class RequestStats {
  private since = new Date();
  private total = 0;
  private services = new Map<string, Map<string, OperationStats>>();

  record(service: string, operation: string): OperationStats {
    this.total += 1;
    let ops = this.services.get(service);
    if (!ops) this.services.set(service, (ops = new Map()));
    let entry = ops.get(operation);
    if (!entry) ops.set(operation, (entry = { requests: 0, errors: 0, servedMs: 0 }));
    entry.requests += 1;
    return entry;
  }

  reset(): void {
    this.since = new Date();
    this.total = 0;
    this.services = new Map();
  }

  snapshot(): StatsSnapshot {
    const services: StatsSnapshot["services"] = {};
    for (const [service, ops] of this.services) {
      const operations = Object.fromEntries([...ops].map(([op, s]) => [op, { ...s }]));
      services[service] = { total: [...ops.values()].reduce((n, s) => n + s.requests, 0), operations };
    }
    return { since: this.since.toISOString(), total: this.total, services };
  }
}
