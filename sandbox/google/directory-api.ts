import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeJwt, errors, importJWK, importSPKI, jwtVerify, type CryptoKey, type JWK, type KeyObject } from "jose";
import { readFormBody, sendJson } from "./http-util";
import type { SandboxGroup, SandboxUser } from "./seed-files";

// A fake of the two Google endpoints Gatehouse's directory group source calls: the OAuth token endpoint for the
// service-account JWT-bearer grant, and Admin SDK Directory groups.list and members.list. Error bodies copy Google's shapes.

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const GROUP_SCOPES = new Set(["https://www.googleapis.com/auth/admin.directory.group.readonly", "https://www.googleapis.com/auth/admin.directory.group"]);

export type SandboxServiceAccount = { clientEmail: string; publicKeyPem?: string; jwk?: JWK };

type IssuedToken = { clientEmail: string; expiresAt: number };

export type DirectoryApiOptions = {
  tokenUrl: string;
  users: readonly SandboxUser[];
  groups: readonly SandboxGroup[];
  serviceAccounts: readonly SandboxServiceAccount[];
  /** Largest page the fake returns, whatever maxResults asks: lets tests exercise pagination. */
  pageSize: number;
  tokenTtlSeconds: number;
};

export type DirectoryApi = {
  handleToken(req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleListGroups(req: IncomingMessage, res: ServerResponse, url: URL): void;
  /** members.list: `groupKey` is the path segment of /admin/directory/v1/groups/{groupKey}/members. */
  handleListMembers(req: IncomingMessage, res: ServerResponse, url: URL, groupKey: string): void;
};

export async function createDirectoryApi(options: DirectoryApiOptions): Promise<DirectoryApi> {
  const keys = new Map<string, CryptoKey | KeyObject>();
  for (const account of options.serviceAccounts) {
    const key = account.publicKeyPem ? await importSPKI(account.publicKeyPem, "RS256") : account.jwk ? await importJWK(account.jwk, "RS256") : undefined;
    if (!key || key instanceof Uint8Array) throw new Error(`Service account ${account.clientEmail} needs publicKeyPem or an RSA jwk`);
    keys.set(account.clientEmail.toLowerCase(), key);
  }
  const tokens = new Map<string, IssuedToken>();
  const knownUsers = collectDirectoryUsers(options.users, options.groups);

  async function handleToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readFormBody(req);
    if (form.get("grant_type") !== JWT_BEARER) {
      return sendJson(res, 400, { error: "unsupported_grant_type", error_description: `Invalid grant_type: ${form.get("grant_type") ?? ""}` });
    }
    const assertion = form.get("assertion") ?? "";
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(assertion);
    } catch {
      return sendJson(res, 400, { error: "invalid_grant", error_description: "Invalid JWT: Malformed" });
    }
    const clientEmail = typeof claims.iss === "string" ? claims.iss.toLowerCase() : "";
    const key = keys.get(clientEmail);
    if (!key) return sendJson(res, 400, { error: "invalid_grant", error_description: "Invalid grant: account not found" });
    try {
      await jwtVerify(assertion, key, { algorithms: ["RS256"], audience: options.tokenUrl, requiredClaims: ["iat", "exp"], maxTokenAge: "1h" });
    } catch (error) {
      return sendJson(res, 400, { error: "invalid_grant", error_description: describeAssertionError(error) });
    }
    const scopes = typeof claims.scope === "string" ? claims.scope.split(/\s+/) : [];
    if (!scopes.some((s) => GROUP_SCOPES.has(s))) {
      return sendJson(res, 400, {
        error: "unauthorized_client",
        error_description: "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
      });
    }
    if (claims.sub !== undefined && !knownUsers.has(String(claims.sub).toLowerCase())) {
      return sendJson(res, 400, { error: "invalid_grant", error_description: "Invalid email or User ID" });
    }
    const accessToken = `ya29.sandbox-${randomBytes(24).toString("base64url")}`;
    tokens.set(accessToken, { clientEmail, expiresAt: Date.now() + options.tokenTtlSeconds * 1000 });
    return sendJson(res, 200, { access_token: accessToken, expires_in: options.tokenTtlSeconds, token_type: "Bearer" });
  }

  /** Answers 401 like Google and returns false unless the request carries a live access token we issued. */
  function authorized(req: IncomingMessage, res: ServerResponse): boolean {
    const auth = req.headers.authorization ?? "";
    const issued = auth.startsWith("Bearer ") ? tokens.get(auth.slice(7).trim()) : undefined;
    if (issued && issued.expiresAt > Date.now()) return true;
    sendJson(res, 401, googleError(401, "Request had invalid authentication credentials. Expected OAuth 2 access token.", "UNAUTHENTICATED"), {
      "www-authenticate": 'Bearer realm="https://accounts.google.com/"',
    });
    return false;
  }

  function handleListGroups(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!authorized(req, res)) return;
    const userKey = url.searchParams.get("userKey")?.toLowerCase();
    const maxResults = Number(url.searchParams.get("maxResults") ?? "200");
    if (!userKey || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 200) {
      return sendJson(res, 400, googleError(400, "Invalid Input", "INVALID_ARGUMENT"));
    }
    const email = knownUsers.get(userKey);
    if (!email) return sendJson(res, 404, googleError(404, "Resource Not Found: userKey", "NOT_FOUND"));

    const offset = decodePageToken(url.searchParams.get("pageToken"), email);
    if (offset === undefined) return sendJson(res, 400, googleError(400, "Invalid Input", "INVALID_ARGUMENT"));
    const memberOf = options.groups.filter((g) => g.members.includes(email));
    const size = Math.min(maxResults, options.pageSize);
    const page = memberOf.slice(offset, offset + size);
    const next = offset + size < memberOf.length ? encodePageToken(offset + size, email) : undefined;
    return sendJson(res, 200, {
      kind: "admin#directory#groups",
      etag: etagOf(JSON.stringify(page)),
      // Like Google: no `groups` member at all when the user is in none.
      ...(page.length > 0 ? { groups: page.map(toGroupResource) } : {}),
      ...(next ? { nextPageToken: next } : {}),
    });
  }

  function handleListMembers(req: IncomingMessage, res: ServerResponse, url: URL, groupKey: string): void {
    if (!authorized(req, res)) return;
    const maxResults = Number(url.searchParams.get("maxResults") ?? "200");
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 200) {
      return sendJson(res, 400, googleError(400, "Invalid Input", "INVALID_ARGUMENT"));
    }
    let key: string;
    try {
      key = decodeURIComponent(groupKey).toLowerCase();
    } catch {
      return sendJson(res, 400, googleError(400, "Invalid Input", "INVALID_ARGUMENT"));
    }
    const group = options.groups.find((g) => g.email === key);
    if (!group) return sendJson(res, 404, googleError(404, "Resource Not Found: groupKey", "NOT_FOUND"));

    const offset = decodePageToken(url.searchParams.get("pageToken"), `group:${group.email}`);
    if (offset === undefined) return sendJson(res, 400, googleError(400, "Invalid Input", "INVALID_ARGUMENT"));
    const size = Math.min(maxResults, options.pageSize);
    const page = group.members.slice(offset, offset + size);
    const next = offset + size < group.members.length ? encodePageToken(offset + size, `group:${group.email}`) : undefined;
    return sendJson(res, 200, {
      kind: "admin#directory#members",
      etag: etagOf(JSON.stringify(page)),
      // Like Google: no `members` member at all when the group is empty.
      ...(page.length > 0 ? { members: page.map((member) => toMemberResource(member, groupEmails)) } : {}),
      ...(next ? { nextPageToken: next } : {}),
    });
  }

  const groupEmails = new Set(options.groups.map((g) => g.email));
  return { handleToken, handleListGroups, handleListMembers };
}

/** A member listed in a groups file is a nested group when its address is another group's; otherwise a user. */
function toMemberResource(email: string, groupEmails: ReadonlySet<string>) {
  return {
    kind: "admin#directory#member",
    etag: etagOf(`member:${email}`),
    id: `1${createHash("sha256").update(email).digest("hex").slice(0, 20)}`,
    email,
    role: "MEMBER",
    type: groupEmails.has(email) ? "GROUP" : "USER",
    status: "ACTIVE",
  };
}

/** userKey (lower-cased e-mail or user ID) -> e-mail, for everyone in the users file or in any group. */
function collectDirectoryUsers(users: readonly SandboxUser[], groups: readonly SandboxGroup[]): Map<string, string> {
  const known = new Map<string, string>();
  for (const group of groups) for (const member of group.members) known.set(member, member);
  for (const user of users) {
    known.set(user.email, user.email);
    known.set(user.sub, user.email);
  }
  return known;
}

function toGroupResource(group: SandboxGroup) {
  return {
    kind: "admin#directory#group",
    id: `0${createHash("sha256").update(group.email).digest("hex").slice(0, 14)}`,
    etag: etagOf(group.email),
    email: group.email,
    name: group.name,
    directMembersCount: String(group.members.length), // an int64, so a string on the wire
    description: group.description ?? "",
    adminCreated: true,
  };
}

function googleError(code: number, message: string, status: string) {
  return { error: { code, message, errors: [{ message, domain: "global", reason: status === "NOT_FOUND" ? "notFound" : "invalid" }], status } };
}

function describeAssertionError(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return "Invalid JWT Signature.";
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") return "Invalid JWT: Failed audience check.";
  if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
    return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
  }
  return "Invalid JWT: Malformed";
}

function encodePageToken(offset: number, email: string): string {
  return Buffer.from(JSON.stringify({ o: offset, u: email })).toString("base64url");
}

/** 0 without a token; undefined for a token that is garbage or belongs to another listing (another user's or group's). */
function decodePageToken(token: string | null, email: string): number | undefined {
  if (!token) return 0;
  try {
    const { o, u } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; u?: unknown };
    return typeof o === "number" && Number.isInteger(o) && o >= 0 && u === email ? o : undefined;
  } catch {
    return undefined;
  }
}

function etagOf(text: string): string {
  return `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
}
