import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { JSONWebKeySet, JWK } from "jose";
import { createDirectoryApi, type SandboxServiceAccount } from "./directory-api";
import { isLoopbackAddress, isLoopbackHost, sendHtml, sendJson } from "./http-util";
import { handleInteraction } from "./interactions";
import { renderAvatarSvg, renderErrorPage } from "./login-page";
import { createGoogleProvider, type GoogleSandboxClient } from "./provider-config";
import { DEFAULT_GROUPS_FILE, DEFAULT_USERS_FILE, loadSandboxGroups, loadSandboxUsers } from "./seed-files";

export type GoogleSandboxOptions = {
  /** 0 picks a free port. Default 4000. */
  port?: number;
  /** Must be a loopback address. Default 127.0.0.1. */
  host?: string;
  /** Default http://localhost:<port>. */
  issuerUrl?: string;
  clients: GoogleSandboxClient[];
  /** Default sandbox/seed/google-users.yaml. */
  usersFile?: string;
  /** Default config/demo/groups.yaml. */
  groupsFile?: string;
  /** Service accounts allowed to use the fake Directory API, by public key. */
  serviceAccounts?: SandboxServiceAccount[];
  /** Largest page the Directory API returns (Google's maximum is 200); small values force pagination. */
  directoryPageSize?: number;
  /** Lifetime of Directory API access tokens. Default 3600 s, like Google. */
  directoryTokenTtlSeconds?: number;
  /** Keep the ID-token signing key here so tokens stay verifiable across restarts. Default: a new key each start. */
  dataDir?: string;
  /** Google does not require PKCE from confidential clients; set true to insist. Default false. */
  requirePkce?: boolean;
};

export type GoogleSandbox = {
  issuer: string;
  port: number;
  /** The public ID-token signing keys, as served at the JWKS URI. */
  jwks: JSONWebKeySet;
  /** Service-account token endpoint (the `token_uri` for credentials). */
  tokenUrl: string;
  /** Base URL for the Directory API (`directoryBaseUrl`). */
  directoryBaseUrl: string;
  close(): Promise<void>;
};

export async function startGoogleSandbox(options: GoogleSandboxOptions): Promise<GoogleSandbox> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host)) throw new Error(`The Google sandbox listens on loopback only; refusing host ${host}`);
  const users = loadSandboxUsers(options.usersFile ?? DEFAULT_USERS_FILE);
  const groups = loadSandboxGroups(options.groupsFile ?? DEFAULT_GROUPS_FILE);
  const signingKey = loadOrCreateSigningKey(options.dataDir);
  const clientNames = new Map(options.clients.map((c) => [c.clientId, c.name ?? "Gatehouse"]));

  // The issuer URL contains the port, which is only known after listen() when port is 0; requests wait for it.
  let route: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const server = createServer((req, res) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      res.writeHead(403).end("The Google sandbox only answers on loopback\n");
      return;
    }
    if (!route) {
      res.writeHead(503).end("starting\n");
      return;
    }
    route(req, res).catch((error: unknown) => {
      console.error("[google-sandbox]", error);
      if (!res.headersSent) sendJson(res, 500, { error: "server_error", error_description: String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4000, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = (options.issuerUrl ?? `http://localhost:${port}`).replace(/\/+$/, "");
  const tokenUrl = `${issuer}/token`;

  try {
    const provider = createGoogleProvider({ issuer, clients: options.clients, users, signingKey, requirePkce: options.requirePkce ?? false });
    provider.on("server_error", (_ctx, error) => console.error("[google-sandbox] oidc-provider:", error));
    const oidc = provider.callback();
    const directory = await createDirectoryApi({
      tokenUrl,
      users,
      groups,
      serviceAccounts: options.serviceAccounts ?? [],
      pageSize: options.directoryPageSize ?? 200,
      tokenTtlSeconds: options.directoryTokenTtlSeconds ?? 3600,
    });

    route = async (req, res) => {
      const url = new URL(req.url ?? "/", issuer);
      const path = url.pathname;
      if (path.startsWith("/interaction/")) return handleInteraction(provider, users, clientNames, req, res, path);
      if (path === "/token" && req.method === "POST") return directory.handleToken(req, res);
      if (path === "/admin/directory/v1/groups" && req.method === "GET") return directory.handleListGroups(req, res, url);
      const members = /^\/admin\/directory\/v1\/groups\/([^/]+)\/members$/.exec(path);
      if (members?.[1] && req.method === "GET") return directory.handleListMembers(req, res, url, members[1]);
      const avatar = /^\/avatar\/(\d+)\.svg$/.exec(path);
      if (avatar && req.method === "GET")
        return sendAvatar(
          res,
          users.find((u) => u.sub === avatar[1]),
        );
      if (path === "/") return sendHtml(res, 200, renderErrorPage("Gatehouse sandbox Google issuer", `Discovery: ${issuer}/.well-known/openid-configuration`));
      forgetSession(req);
      oidc(req, res);
    };
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }

  // The JWKS publishes only the public half of the signing key.
  const publicKey = { kty: signingKey.kty, n: signingKey.n, e: signingKey.e, kid: signingKey.kid, alg: signingKey.alg, use: signingKey.use };
  return {
    issuer,
    port,
    jwks: { keys: [publicKey] },
    tokenUrl,
    directoryBaseUrl: issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Hides oidc-provider's session cookie from it, so every authorization request starts signed out. That is the
 * "no remembered session" rule: the chooser always appears, and choosing a different person than last time needs
 * no logout step (oidc-provider would otherwise insist on an end-session round trip when the account changes).
 */
function forgetSession(req: IncomingMessage): void {
  const cookie = req.headers.cookie;
  if (!cookie) return;
  const kept = cookie
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !/^_session(\.|=)/.test(part));
  if (kept.length > 0) req.headers.cookie = kept.join("; ");
  else delete req.headers.cookie;
}

function sendAvatar(res: ServerResponse, user: Parameters<typeof renderAvatarSvg>[0] | undefined): void {
  if (!user) {
    res.writeHead(404).end();
    return;
  }
  const svg = renderAvatarSvg(user);
  res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=3600", "content-length": Buffer.byteLength(svg) });
  res.end(svg);
}

function loadOrCreateSigningKey(dataDir: string | undefined): JWK {
  const file = dataDir ? join(dataDir, "google-id-token-signing-key.json") : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as JWK;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk: JWK = { ...(privateKey.export({ format: "jwk" }) as JWK), kid: randomUUID(), alg: "RS256", use: "sig" };
  if (file && dataDir) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}
