import type { ServerResponse } from "node:http";
import { z } from "zod";
import type { Gateway } from "../gateway/gateway";
import type { Clock } from "../state/credentials";
import type { World } from "../state/world";
import type { FaultRegistry } from "./faults";
import type { RequestStats } from "./stats";

// /_sandbox/* — the sandbox's own control API (no SigV4): health, faults, request stats, the sandbox clock, and
// frame faults (drop/duplicate/reorder) on the SSM message gateway, and dropping a session's socket.

export interface AdminDeps {
  world: World;
  faults: FaultRegistry;
  stats: RequestStats;
  clock: Clock;
  startedAt: number;
  /** The SSM message gateway, when running. */
  gateway?: Pick<Gateway, "setGatewayFaults" | "faultStats" | "disconnect">;
}

const disconnectSchema = z.strictObject({ sessionId: z.string().min(1).max(200) });
const clockSchema = z.strictObject({ advanceSeconds: z.number().finite() });
const probability = z.number().min(0).max(1).optional();
const gatewayFaultsSchema = z.strictObject({ drop: probability, duplicate: probability, reorder: probability, seed: z.number().int().optional() });

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

function parse(body: string): unknown {
  try {
    return body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    return Symbol.for("invalid-json");
  }
}

export function handleAdmin(method: string, path: string, body: string, res: ServerResponse, deps: AdminDeps): void {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /_sandbox/health":
      return json(res, 200, {
        status: "ok",
        organizationId: deps.world.org.id,
        accounts: deps.world.accounts.size,
        organizationalUnits: deps.world.ous.size,
        regions: deps.world.regions,
        uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
        now: new Date(deps.clock.now()).toISOString(),
      });
    case "GET /_sandbox/faults":
      return json(res, 200, { faults: deps.faults.list() });
    case "POST /_sandbox/faults": {
      const input = parse(body);
      try {
        return json(res, 201, deps.faults.add(input as never));
      } catch (error) {
        const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
        return json(res, 400, { error: "InvalidFault", message });
      }
    }
    case "DELETE /_sandbox/faults": {
      const cleared = deps.faults.list().length;
      deps.faults.clear();
      return json(res, 200, { cleared });
    }
    case "GET /_sandbox/stats":
      return json(res, 200, deps.stats.snapshot());
    case "DELETE /_sandbox/stats":
      deps.stats.reset();
      return json(res, 200, deps.stats.snapshot());
    case "POST /_sandbox/clock": {
      const parsed = clockSchema.safeParse(parse(body));
      if (!parsed.success) return json(res, 400, { error: "InvalidClock", message: z.prettifyError(parsed.error) });
      deps.clock.advance(parsed.data.advanceSeconds);
      return json(res, 200, { now: new Date(deps.clock.now()).toISOString() });
    }
    case "GET /_sandbox/gateway-faults":
    case "POST /_sandbox/gateway-faults":
    case "DELETE /_sandbox/gateway-faults": {
      if (!deps.gateway) return json(res, 404, { error: "NoGateway", message: "This sandbox runs without the SSM message gateway." });
      if (method === "POST") {
        const parsed = gatewayFaultsSchema.safeParse(parse(body));
        if (!parsed.success) return json(res, 400, { error: "InvalidGatewayFaults", message: z.prettifyError(parsed.error) });
        deps.gateway.setGatewayFaults(parsed.data);
      }
      if (method === "DELETE") deps.gateway.setGatewayFaults(null);
      return json(res, 200, { stats: { ...deps.gateway.faultStats } });
    }
    // Drop a session's client socket abruptly, as a network failure would (the session stays resumable).
    case "POST /_sandbox/gateway-disconnect": {
      if (!deps.gateway) return json(res, 404, { error: "NoGateway", message: "This sandbox runs without the SSM message gateway." });
      const parsed = disconnectSchema.safeParse(parse(body));
      if (!parsed.success) return json(res, 400, { error: "InvalidDisconnect", message: z.prettifyError(parsed.error) });
      return json(res, 200, { disconnected: deps.gateway.disconnect(parsed.data.sessionId) });
    }
    case "DELETE /_sandbox/clock":
      deps.clock.reset();
      return json(res, 200, { now: new Date(deps.clock.now()).toISOString() });
    default:
      return json(res, 404, { error: "NotFound", message: `No sandbox admin route ${route}` });
  }
}
