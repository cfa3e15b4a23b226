import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

// Every metric Gatehouse exports (the README lists them), in one registry per process. It lives on globalThis:
// Next.js bundles this module into several chunks and the server (scripts/lib/serve-next.ts) loads it once more
// outside the bundle, and all of them must count into the same metrics. Labels take only values from closed sets
// (outcomes, route patterns, AWS operation and error names), never ids, addresses or people.

const SECONDS_FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "gatehouse_http_request_duration_seconds",
      help: "HTTP requests answered, by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: SECONDS_FAST,
      registers,
    }),
    consoleOpens: new Counter({
      name: "gatehouse_console_opens_total",
      help: "Console sign-ins by audit outcome (issued: opened; denied: refused; error: AWS failed)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    shellStarts: new Counter({
      name: "gatehouse_shells_started_total",
      help: "Shell sessions by audit outcome (issued: started; denied: refused; error: AWS failed)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    forwardStarts: new Counter({
      name: "gatehouse_forwards_started_total",
      help: "Port-forwarding and SSH sessions by audit outcome (issued: started; denied: refused; error: AWS failed)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    credentialRequests: new Counter({
      name: "gatehouse_credentials_total",
      help: "Temporary AWS credentials by audit outcome and way in (cli-token: the command line; browser-session: Copy temporary credentials)",
      labelNames: ["via", "outcome"] as const,
      registers,
    }),
    auditRecords: new Counter({
      name: "gatehouse_audit_records_total",
      help: "Audit records written, by action and outcome",
      labelNames: ["action", "outcome"] as const,
      registers,
    }),
    auditWriteDuration: new Histogram({
      name: "gatehouse_audit_write_duration_seconds",
      help: "Audit writes (with their transaction), by result",
      labelNames: ["result"] as const,
      buckets: SECONDS_FAST,
      registers,
    }),
    auditWriteFailures: new Counter({
      name: "gatehouse_audit_write_failures_total",
      help: "Audit writes that failed or timed out (nothing was handed out)",
      registers,
    }),
    awsCallDuration: new Histogram({
      name: "gatehouse_aws_call_duration_seconds",
      help: "AWS API calls, SDK retries included, by service, operation and result",
      labelNames: ["service", "operation", "result"] as const,
      buckets: SECONDS_FAST,
      registers,
    }),
    awsCallErrors: new Counter({
      name: "gatehouse_aws_call_errors_total",
      help: "AWS API calls that failed after the SDK's retries, by service, operation and error name",
      labelNames: ["service", "operation", "error"] as const,
      registers,
    }),
    orgSyncDuration: new Histogram({
      name: "gatehouse_org_sync_duration_seconds",
      help: "Organization syncs run by this process, by result",
      labelNames: ["result"] as const,
      buckets: SECONDS_SLOW,
      registers,
    }),
    orgSyncAge: new Gauge({
      name: "gatehouse_org_sync_age_seconds",
      help: "Seconds since the last successful organization sync by any instance (+Inf: none yet)",
      registers,
    }),
    rateLimitHits: new Counter({
      name: "gatehouse_rate_limit_hits_total",
      help: "Requests refused by a rate limit, by limit",
      labelNames: ["limit"] as const,
      registers,
    }),
  };
}

export type GatehouseMetrics = ReturnType<typeof createMetrics>;

const KEY = Symbol.for("gatehouse.metrics");
const holder = globalThis as unknown as Record<typeof KEY, GatehouseMetrics | undefined>;

/** The process's metrics (created on first use). */
export function metrics(): GatehouseMetrics {
  return (holder[KEY] ??= createMetrics());
}
