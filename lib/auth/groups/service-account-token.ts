import "server-only";
import { importPKCS8, SignJWT } from "jose";
import { z } from "zod";
import { GroupSourceError } from "./group-source";

// OAuth 2.0 for service accounts ("two-legged"): sign a JWT with the account's key and trade it at token_uri
// (RFC 7523 JWT-bearer grant) for a short-lived access token.

export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
// Refresh this long before Google's expiry so a token never dies mid-request.
const EXPIRY_MARGIN_MS = 60_000;

const credentialsSchema = z.object({
  client_email: z.email({ error: "client_email must be the service account's e-mail address" }),
  private_key: z.string({ error: "private_key is required" }).includes("PRIVATE KEY", { error: "private_key must be a PEM private key" }),
  private_key_id: z.string().optional(),
  token_uri: z.url({ error: "token_uri must be a URL" }).optional(),
});

/** The fields Gatehouse uses from a Google service-account key file (the JSON downloaded from the Cloud console). */
export type ServiceAccountCredentials = z.infer<typeof credentialsSchema>;

export function parseServiceAccountCredentials(json: string, sourceName = "inline JSON"): ServiceAccountCredentials {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new GroupSourceError("config", `Service account credentials (${sourceName}) are not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = credentialsSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new GroupSourceError("config", `Service account credentials (${sourceName}) are invalid: ${problems.join("; ")}`);
  }
  return parsed.data;
}

export type ServiceAccountTokenOptions = {
  credentials: ServiceAccountCredentials;
  scopes: readonly string[];
  /** Domain-wide delegation: the Workspace user to act as. Omit when the service account holds an admin role itself. */
  subject?: string;
  timeoutMs: number;
};

export type AccessTokenProvider = { getAccessToken(): Promise<string>; invalidate(): void };

/** Caches the access token until shortly before it expires; concurrent callers share one token request. */
export function createServiceAccountTokenProvider(options: ServiceAccountTokenOptions): AccessTokenProvider {
  const tokenUri = options.credentials.token_uri ?? GOOGLE_TOKEN_URI;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const assertion = await signAssertion(options, tokenUri);
    const body = new URLSearchParams({ grant_type: JWT_BEARER, assertion });
    const response = await fetchWithTimeout(tokenUri, { method: "POST", body }, options.timeoutMs, "the token endpoint");
    const payload = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok) {
      const reason = [payload?.error, payload?.error_description].filter((v) => typeof v === "string").join(": ");
      throw new GroupSourceError(
        response.status >= 500 ? "unavailable" : "token-request-failed",
        `Google refused an access token for ${options.credentials.client_email} (HTTP ${response.status}${reason ? `, ${reason}` : ""})`,
        { status: response.status },
      );
    }
    const token = payload?.access_token;
    const expiresIn = Number(payload?.expires_in ?? 3600);
    if (typeof token !== "string" || token.length === 0 || !Number.isFinite(expiresIn)) {
      throw new GroupSourceError("bad-response", `The token endpoint ${tokenUri} answered without an access token`);
    }
    cached = { token, refreshAt: Date.now() + Math.max(0, expiresIn * 1000 - EXPIRY_MARGIN_MS) };
    return token;
  }

  return {
    async getAccessToken() {
      if (cached && Date.now() < cached.refreshAt) return cached.token;
      pending ??= requestToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

async function signAssertion(options: ServiceAccountTokenOptions, audience: string): Promise<string> {
  let key: CryptoKey;
  try {
    key = await importPKCS8(options.credentials.private_key, "RS256");
  } catch (cause) {
    throw new GroupSourceError("config", `The private_key of ${options.credentials.client_email} is not an RSA PKCS#8 PEM key`, { cause });
  }
  const { private_key_id: kid } = options.credentials;
  const jwt = new SignJWT({ scope: options.scopes.join(" ") })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) })
    .setIssuer(options.credentials.client_email)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime("1h");
  if (options.subject) jwt.setSubject(options.subject);
  return jwt.sign(key);
}

/** fetch with a deadline; network failures and timeouts become typed errors. */
export async function fetchWithTimeout(url: string, init: RequestInit, timeoutMs: number, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    const name = (cause as Error).name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new GroupSourceError("timeout", `No answer from ${what} (${new URL(url).origin}) within ${timeoutMs} ms`, { cause });
    }
    throw new GroupSourceError("unavailable", `Cannot reach ${what} (${new URL(url).origin}): ${(cause as Error).message}`, { cause });
  }
}
