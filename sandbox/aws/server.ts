import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadSeed } from "../seed/load-seed";
import type { Seed, SeedInput } from "../seed/schema";
import { handleAdmin } from "./admin/admin-api";
import { FaultRegistry, type FaultService } from "./admin/faults";
import { RequestStats } from "./admin/stats";
import { authenticate } from "./auth/authenticate";
import { Federation } from "./federation/federation";
import { attachGateway, type Gateway, type GatewayOptions } from "./gateway/gateway";
import { SessionRegistry } from "./gateway/session-registry";
import { Authorizer } from "./iam/authorizer";
import { warmUpAuthorizer } from "./iam/warm-up";
import { Paginator } from "./pagination";
import { accessDenied, AwsError, expiredToken, throttled, unknownOperation, type ApiService } from "./protocol/errors";
import { parseJsonBody, sendJson, sendJsonError } from "./protocol/json-protocol";
import {
  parseQueryBody,
  sendEc2Error,
  sendEc2Result,
  sendIamError,
  sendIamResult,
  sendStsError,
  sendStsResult,
  type QueryParams,
} from "./protocol/query-protocol";
import type { ApiContext, Sandbox } from "./services/context";
import { ec2Handlers } from "./services/ec2";
import { iamHandlers } from "./services/iam";
import { organizationsHandlers } from "./services/organizations";
import { ssmHandlers } from "./services/ssm";
import { assumeRoleWithWebIdentity, stsHandlers, UNSIGNED_STS_ACTIONS } from "./services/sts";
import { WebIdentityVerifier } from "./services/web-identity";
import { Clock, CredentialStore } from "./state/credentials";
import { World } from "./state/world";

// One HTTP server for every sandbox AWS endpoint: the four APIs (routed by X-Amz-Target or Action/Version),
// console federation, the SSM data channel (WebSocket, via the gateway) and the /_sandbox control API.

export interface AwsSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seed file path or seed object; default sandbox/seed/default.yaml. */
  seed?: string | SeedInput | Seed;
  /** Server-side cap on items per page (default 5); MaxResults can only lower it. */
  pageSize?: number;
  /** Sometimes answer short or empty pages while NextToken remains (AWS allows this). */
  shortPages?: boolean;
  /** Base URL clients use to reach this server (console redirects, StreamUrl). Default http://host:port. */
  publicUrl?: string;
  /** Issuer URL of the (sandbox) Google OpenID provider trusted by AssumeRoleWithWebIdentity. */
  googleIssuer?: string;
  /** Audience (client id) the seed's trust policies expect, filling {{googleAudience}}. Default "gatehouse-sandbox-client"
   * (SANDBOX_GOOGLE_CLIENT in sandbox/index.ts). */
  googleAudience?: string;
  /** Options for the SSM message gateway, or false to run without it. */
  gateway?: GatewayOptions | false;
}

export interface SandboxState extends Sandbox {
  seed: Seed;
  federation: Federation;
}

export interface AwsSandbox {
  url: string;
  port: number;
  state: SandboxState;
  registry: SessionRegistry;
  gateway: Gateway | undefined;
  faults: FaultRegistry;
  stats: RequestStats;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const JSON_TARGETS: Record<string, ApiService> = { AWSOrganizationsV20161128: "organizations", AmazonSSM: "ssm" };

export async function startAwsSandbox(options: AwsSandboxOptions = {}): Promise<AwsSandbox> {
  const seed = loadSeed(options.seed);
  const webIdentity = new WebIdentityVerifier(options.googleIssuer);
  const world = new World(seed, { googleIssuerHost: webIdentity.issuerHost, googleAudience: options.googleAudience ?? "gatehouse-sandbox-client" });
  const clock = new Clock();
  const credentials = new CredentialStore(world, clock);
  const authorizer = new Authorizer(world);
  await warmUpAuthorizer(world, authorizer, webIdentity);

  const host = options.host ?? "127.0.0.1";
  let publicUrl = options.publicUrl?.replace(/\/+$/, "") ?? "";
  const faults = new FaultRegistry();
  const stats = new RequestStats();
  const paginator = new Paginator({ pageSize: options.pageSize ?? 5, shortPages: options.shortPages ?? false });
  const federation = new Federation(credentials, clock, () => publicUrl);
  const startedAt = Date.now();

  // Requests are served once the port (and so the public URL in StreamUrl) is known; see below.
  const server: Server = createServer();
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const body = await readBody(req);
    if (url.pathname.startsWith("/_sandbox/")) {
      return handleAdmin(req.method ?? "GET", url.pathname, body.toString("utf8"), res, { world, faults, stats, clock, startedAt, gateway });
    }
    if (url.pathname === "/federation" || url.pathname === "/console" || url.pathname === "/switchrole") {
      const params = new URLSearchParams(url.search);
      if (req.method === "POST") for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.set(k, v);
      const operation = url.pathname === "/federation" ? (params.get("Action") ?? "unknown") : url.pathname.slice(1);
      stats.record("federation", operation);
      if (await applyFederationFault(operation, res, req)) return;
      return federation.handle(url.pathname, params, req.headers.cookie, res);
    }
    if (url.pathname.startsWith("/v1/data-channel/")) {
      res.writeHead(426, { "content-type": "text/plain" });
      return void res.end("Upgrade to WebSocket required");
    }
    return handleApi(req, res, url, body);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const requestId = randomUUID();
    const target = String(req.headers["x-amz-target"] ?? "");
    const [prefix, jsonOperation] = target.split(".");
    let service: ApiService;
    let operation: string;
    let query: QueryParams | undefined;
    if (prefix && JSON_TARGETS[prefix] && jsonOperation) {
      service = JSON_TARGETS[prefix]!;
      operation = jsonOperation;
    } else {
      query = parseQueryBody(req.method === "POST" ? body.toString("utf8") : url.search.slice(1));
      const version = query.get("Version");
      const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
      service = version === "2016-11-15" || scope === "ec2" ? "ec2" : version === "2010-05-08" || scope === "iam" ? "iam" : "sts";
      operation = query.get("Action") ?? "";
    }
    const scopeRegion = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "us-east-1";
    const counters = stats.record(service, operation || "unknown");
    const receivedAt = performance.now();
    res.once("finish", () => (counters.servedMs += performance.now() - receivedAt));
    const fail = (error: AwsError) => {
      counters.errors += 1;
      sendError(service, res, requestId, error);
    };

    const outcome = await faults.apply(service, operation, scopeRegion, (release) => res.once("close", release));
    if (outcome.action === "drop") return void req.socket.destroy();
    if (outcome.action === "error") return fail(faultError(service, outcome.kind));

    try {
      if (service === "sts" && UNSIGNED_STS_ACTIONS.has(operation) && !req.headers.authorization) {
        return sendStsResult(res, requestId, operation, await assumeRoleWithWebIdentity(sandbox, query!));
      }
      const signable = { method: req.method ?? "POST", rawPath: url.pathname, rawQuery: url.search.slice(1), headers: req.headers, body };
      const { caller, region } = authenticate(signable, service, credentials);
      const ctx: ApiContext = { ...sandbox, service, operation, caller, region, requestId };
      if (service === "organizations" || service === "ssm") {
        const handler = (service === "organizations" ? organizationsHandlers : ssmHandlers)[operation];
        if (!handler) throw unknownOperation(service, operation);
        return sendJson(res, requestId, await handler(ctx, parseJsonBody(body.toString("utf8"))));
      }
      if (service === "sts") {
        if (operation === "AssumeRoleWithWebIdentity") return sendStsResult(res, requestId, operation, await assumeRoleWithWebIdentity(sandbox, query!));
        const handler = stsHandlers[operation];
        if (!handler) throw unknownOperation(service, operation);
        return sendStsResult(res, requestId, operation, await handler(ctx, query!));
      }
      if (service === "iam") {
        const handler = iamHandlers[operation];
        if (!handler) throw unknownOperation(service, operation);
        return sendIamResult(res, requestId, operation, await handler(ctx, query!));
      }
      const handler = ec2Handlers[operation];
      if (!handler) throw unknownOperation(service, operation);
      return sendEc2Result(res, requestId, operation, await handler(ctx, query!));
    } catch (error) {
      if (error instanceof AwsError) return fail(error);
      console.error(`[sandbox-aws] ${service}:${operation} failed`, error);
      return fail(
        new AwsError(
          service === "ec2" ? "InternalError" : service === "sts" || service === "iam" ? "InternalFailure" : "InternalServerError",
          "An internal error occurred in the sandbox.",
          500,
        ),
      );
    }
  }

  async function applyFederationFault(operation: string, res: ServerResponse, req: IncomingMessage): Promise<boolean> {
    const outcome = await faults.apply("federation" satisfies FaultService, operation, "us-east-1");
    if (outcome.action === "none") return false;
    if (outcome.action === "drop") {
      req.socket.destroy();
      return true;
    }
    const [status, text] =
      outcome.kind === "throttle"
        ? [429, "Rate exceeded"]
        : outcome.kind === "access-denied"
          ? [403, "Access denied"]
          : [400, "The security token included in the request is expired"];
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: outcome.kind, message: text }));
    return true;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // A wildcard bind address is not something clients can dial; advertise loopback instead.
  const dialHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${dialHost}:${port}`;
  publicUrl ||= url;
  const registry = new SessionRegistry({ publicWsBase: publicUrl.replace(/^http/, "ws"), now: () => clock.now() });
  const sandbox: Sandbox = { world, credentials, authorizer, paginator, clock, sessions: registry, sessionOwners: new Map(), webIdentity };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      console.error("[sandbox-aws] unexpected error", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal sandbox error");
    });
  });
  // The seed gives instances a private IP but no VPC; the port plugin's VPC-reserved addresses assume the /16 around it.
  const vpcCidrOf = (target: string) => {
    const ip = world.instance(target)?.ipAddress;
    return ip ? `${ip.split(".").slice(0, 2).join(".")}.0.0/16` : undefined;
  };
  const gateway = options.gateway === false ? undefined : attachGateway(server, registry, { vpcCidrOf, ...options.gateway });

  return {
    url,
    port,
    state: { ...sandbox, seed, federation },
    registry,
    gateway,
    faults,
    stats,
    async close() {
      await gateway?.close();
      registry.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendError(service: ApiService, res: ServerResponse, requestId: string, error: AwsError): void {
  if (service === "sts") return sendStsError(res, requestId, error);
  if (service === "iam") return sendIamError(res, requestId, error);
  if (service === "ec2") return sendEc2Error(res, requestId, error);
  return sendJsonError(res, requestId, error);
}

function faultError(service: ApiService, kind: "throttle" | "access-denied" | "expired-token"): AwsError {
  if (kind === "throttle") return throttled(service);
  if (kind === "expired-token") return expiredToken(service);
  return accessDenied(service, "Access denied by a sandbox fault (POST /_sandbox/faults).");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new AwsError("RequestEntityTooLarge", "Request body too large", 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
