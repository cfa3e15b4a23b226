// A real HTTP server in front of the command line's real route handlers, for tests that run the bundled `gatehouse`
// program as a separate process: the bearer token becomes an Actor the way lib/actor/from-request.ts makes it
// (actorFromCliToken), then the handler runs with it (lib/http/route.ts: input, limits, service, error table).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { actorFromCliToken } from "@/lib/cli/token-actor";
import { requestMetaFrom } from "@/lib/http/request-meta";
import type { RouteHandler } from "@/lib/http/route";

export interface BridgeRoute {
  method: string;
  /** e.g. /api/v1/sessions/:sessionId/resume */
  pattern: string;
  handler: RouteHandler;
}

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(":")) params[want[i]!.slice(1)] = got[i]!;
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

const readBody = (request: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });

export async function startCliApiBridge(routes: readonly BridgeRoute[]): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const found = routes.map((r) => ({ r, params: r.method === incoming.method ? match(r.pattern, url.pathname) : null })).find((m) => m.params);
      if (!found) {
        outgoing.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not-found", message: "no such route" }));
        return;
      }
      const headers = new Headers();
      for (const [key, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(key, value);
      const body = await readBody(incoming);
      const request = new Request(`http://localhost:3000${url.pathname}${url.search}`, {
        method: incoming.method,
        headers,
        ...(body.length ? { body: new Uint8Array(body) } : {}),
      });
      const bearer = /^Bearer (\S+)$/.exec(headers.get("authorization") ?? "")?.[1];
      const actor = bearer ? await actorFromCliToken(bearer, requestMetaFrom(headers)) : null;
      const response = await found.r.handler.asActor(actor, request, found.params!);
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => (out[key] = value));
      outgoing.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
