// Gatehouse's production HTTP server, in place of `next start`: the same Next.js app (the existing `next build`
// output, instrumentation.ts's start-up work included) behind Node's own http server, so that every request can
// carry the TCP peer's address. `next start` cannot: Next.js only fills X-Forwarded-For with the socket address when
// the client sent none, so a forged header would stand and the real peer would be lost.
//
//   tsx scripts/lib/serve-next.ts --port 3000 --hostname 0.0.0.0
//
// It also gives each request an id (X-Request-Id: the caller's when it is 1-64 letters, digits and dashes, else a
// new one; sent back on the answer and carried by every log line of the request), writes one JSON log line per
// request (lib/log), times it for /api/metrics, and shuts down gracefully (see shutdown() below).
//
// Started by scripts/lib/run-gatehouse.ts (the demo and `npm run start:production`). Knows nothing of the sandbox.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { format, parseArgs } from "node:util";
import { PEER_HEADER, PEER_STAMPED_ENV } from "../../lib/http/client-ip";
import { ConfigError, getConfig } from "../../lib/config";
import { errorField, logger } from "../../lib/log/logger";
import { acceptRequestId, REQUEST_ID_HEADER, runInRequestContext, type RequestContext } from "../../lib/log/request-context";
import { loadRoutePatterns } from "../../lib/log/route-pattern";
import { metrics } from "../../lib/metrics/registry";
import { beginShutdown, isShuttingDown, runShutdownSteps } from "../../lib/startup/lifecycle";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const log = logger("server");

// Everything this process prints is a JSON line: Next.js's and the libraries' console output goes through the logger
// (and so through its secret scrubbing), and so do Node's warnings (the launcher starts Node with --no-warnings).
console.log = console.info = (...args: unknown[]) => logger("console").info(format(...args));
console.debug = (...args: unknown[]) => logger("console").debug(format(...args));
console.warn = (...args: unknown[]) => logger("console").warn(format(...args));
console.error = (...args: unknown[]) => logger("console").error(format(...args));
process.on("warning", (warning) => logger("node").warn({ warning: warning.name }, warning.message));
process.on("uncaughtException", (error) => {
  log.fatal({ err: errorField(error) }, "uncaught exception; stopping");
  process.exit(1);
});

const { values } = parseArgs({
  options: { port: { type: "string", default: process.env.PORT ?? "3000" }, hostname: { type: "string", default: "127.0.0.1" } },
});
const port = Number(values.port);
const hostname = values.hostname!;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  log.fatal(`invalid --port ${values.port}`);
  process.exit(1);
}
let config: ReturnType<typeof getConfig>;
try {
  config = getConfig();
} catch (error) {
  log.fatal(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}

/** The peer header is the socket's address, always: whatever the client sent under that name is replaced or removed. */
function stampPeer(req: IncomingMessage) {
  const peer = req.socket.remoteAddress;
  if (peer) req.headers[PEER_HEADER] = peer;
  else delete req.headers[PEER_HEADER];
}

// As the `next` command does for `next start`; set before Next.js (and React through it) is loaded.
(process.env as Record<string, string | undefined>).NODE_ENV ||= "production";
// Tells the app (same process) that the peer header is this server's; under anything else it is ignored.
process.env[PEER_STAMPED_ENV] = "1";
const { default: next } = await import("next");
const app = next({ dev: false, dir: ROOT, hostname, port });
const handle = app.getRequestHandler();
// Loads the build (NEXT_DIST_DIR, read by next.config.ts) and runs instrumentation.ts's register() before any request.
await app.prepare();
const routeOf = loadRoutePatterns(path.join(ROOT, process.env.NEXT_DIST_DIR ?? ".next"));

function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://gatehouse.invalid").pathname;
  } catch {
    return "";
  }
}

let inFlight = 0;
let drained: (() => void) | undefined;

/** One log line and one metric sample per answered (or abandoned) request. */
function finished(req: IncomingMessage, res: ServerResponse, context: RequestContext, started: number) {
  inFlight--;
  const seconds = (performance.now() - started) / 1000;
  const route = routeOf(pathnameOf(req.url));
  const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away before the answer ended
  metrics().httpRequestDuration.observe({ method: req.method ?? "", route, status: String(status) }, seconds);
  runInRequestContext(context, () =>
    log[status >= 500 ? "warn" : "info"](
      { method: req.method, route, status, durationMs: Math.round(seconds * 1000), ...(context.actor ? { actor: context.actor } : {}) },
      "request",
    ),
  );
  if (isShuttingDown()) {
    server.closeIdleConnections();
    if (inFlight === 0) drained?.();
  }
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const started = performance.now();
  const context: RequestContext = { requestId: acceptRequestId(req.headers[REQUEST_ID_HEADER]) };
  req.headers[REQUEST_ID_HEADER] = context.requestId;
  res.setHeader("X-Request-Id", context.requestId);
  // While shutting down, each answer ends its connection, so clients reconnect (to another instance).
  if (isShuttingDown()) res.setHeader("Connection", "close");
  inFlight++;
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    finished(req, res, context, started);
  };
  res.on("finish", end);
  res.on("close", end);
  void runInRequestContext(context, async () => {
    try {
      stampPeer(req);
      await handle(req, res);
    } catch (error) {
      log.error({ err: errorField(error), method: req.method, route: routeOf(pathnameOf(req.url)) }, "failed to handle a request");
      if (!res.headersSent) res.statusCode = 500;
      res.end("Internal Server Error");
    }
  });
});
server.on("error", (error) => {
  log.fatal({ err: errorField(error) }, "the HTTP server failed");
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  const shown =
    typeof address === "object" && address ? `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : `${hostname}:${port}`;
  log.info({ address: `http://${shown}` }, `Next.js production server listening on http://${shown}`);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Graceful shutdown, on SIGTERM (an orchestrator) or SIGINT (Ctrl-C):
 *   1. readiness answers 503 at once (lib/startup/lifecycle.ts); on SIGTERM the server keeps serving for
 *      SHUTDOWN_DELAY_SECONDS, so a load balancer sees that and stops sending before connections are refused;
 *   2. it stops accepting connections and waits for requests in flight, up to SHUTDOWN_TIMEOUT_SECONDS, then cuts
 *      what is left;
 *   3. it stops the schedules (organization sync), closes the database pool and Next.js, and exits: 0 when every
 *      request finished, 1 when some had to be cut. Further signals meanwhile are ignored (a terminal's Ctrl-C
 *      reaches the launcher and this server alike).
 */
async function shutdown(signal: NodeJS.Signals) {
  beginShutdown();
  const delayMs = signal === "SIGTERM" ? config.SHUTDOWN_DELAY_SECONDS * 1000 : 0;
  log.info({ signal, inFlight, delayMs }, "shutting down: readiness now answers 503");
  if (delayMs > 0) await sleep(delayMs);
  const allDone = new Promise<boolean>((resolve) => {
    drained = () => resolve(true);
    if (inFlight === 0) resolve(true);
  });
  server.close();
  server.closeIdleConnections();
  log.info({ inFlight, timeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS }, "no longer accepting connections; waiting for requests in flight");
  const complete = await Promise.race([allDone, sleep(config.SHUTDOWN_TIMEOUT_SECONDS * 1000).then(() => false)]);
  if (!complete) {
    log.warn({ inFlight }, "requests still in flight at SHUTDOWN_TIMEOUT_SECONDS; cutting their connections");
    server.closeAllConnections();
  }
  const stopped = await runShutdownSteps((name, error) => log.error({ err: errorField(error), step: name }, "a shutdown step failed"));
  await app.close().catch((error: unknown) => log.error({ err: errorField(error) }, "closing Next.js failed"));
  log.info({ stopped, exitCode: complete ? 0 : 1 }, "stopped");
  process.exit(complete ? 0 : 1);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return log.info({ signal }, "already shutting down");
    stopping = true;
    void shutdown(signal);
  });
}
