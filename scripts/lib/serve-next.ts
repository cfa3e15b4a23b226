// Gatehouse's production HTTP server, in place of `next start`: the same Next.js app (the existing `next build`
// output, instrumentation.ts's start-up work included) behind Node's own http server, so that every request can
// carry the TCP peer's address. `next start` cannot: Next.js only fills X-Forwarded-For with the socket address when
// the client sent none, so a forged header would stand and the real peer would be lost.
//
//   tsx scripts/lib/serve-next.ts --port 3000 --hostname 0.0.0.0
//
// Started by scripts/lib/run-gatehouse.ts (the demo and `npm run start:production`). Knows nothing of the sandbox.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { PEER_HEADER, PEER_STAMPED_ENV } from "../../lib/http/client-ip";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

const { values } = parseArgs({ options: { port: { type: "string", default: process.env.PORT ?? "3000" }, hostname: { type: "string", default: "127.0.0.1" } } });
const port = Number(values.port);
const hostname = values.hostname!;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`[gatehouse] invalid --port ${values.port}`);
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

const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  try {
    stampPeer(req);
    await handle(req, res);
  } catch (error) {
    console.error(`[gatehouse] failed to handle ${req.method} ${req.url}:`, error);
    if (!res.headersSent) res.statusCode = 500;
    res.end("Internal Server Error");
  }
});
server.on("error", (error) => {
  console.error("[gatehouse] the HTTP server failed:", error);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : `${hostname}:${port}`;
  console.log(`[gatehouse] Next.js production server listening on http://${shown}`);
});

// As `next start` does: stop taking connections, let requests in flight (and their after() work) finish, close Next.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => {
      server.closeAllConnections();
      process.exit(signal === "SIGINT" ? 130 : 143);
    }, 10_000);
    forced.unref();
    server.close(() => void app.close().catch(console.error).finally(() => process.exit(signal === "SIGINT" ? 130 : 143)));
    server.closeIdleConnections();
  });
}
