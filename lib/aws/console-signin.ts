import "server-only";
import type { Credentials } from "@/lib/aws/clients";
import type { AwsFault } from "@/lib/aws/errors";
import { getConfig } from "@/lib/config";
import type { Partition } from "@/lib/console/destinations";

// The AWS console federation endpoint (docs/aws-facts.md#console-federation): temporary credentials →
// getSigninToken → a login URL that signs the browser into the console. The token and the login URL are secrets:
// they are returned to the caller and never logged, and errors carry only the endpoint's error code and message.

const SIGNIN_HOSTS: Record<Partition, string> = {
  aws: "https://signin.aws.amazon.com",
  "aws-us-gov": "https://signin.amazonaws-us-gov.com",
  "aws-cn": "https://signin.amazonaws.cn",
};
const FEDERATION_TIMEOUT_MS = 10_000;

/** AWS_FEDERATION_URL, or the partition's federation endpoint. */
export function federationEndpoint(): string {
  const config = getConfig();
  return config.AWS_FEDERATION_URL ?? `${SIGNIN_HOSTS[config.AWS_PARTITION]}/federation`;
}

export class FederationError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "FederationError";
  }
}

export interface SigninRequest {
  credentials: Credentials;
  /** Role-chained credentials must not send SessionDuration (the endpoint refuses it); the console then lasts as long as they do. */
  chained: boolean;
  /** Console session length for credentials that are not chained (900-43,200 s). */
  sessionSeconds: number;
}

/** Trades temporary credentials for a sign-in token (valid 15 minutes, single use). */
export async function getSigninToken(request: SigninRequest): Promise<string> {
  const { credentials } = request;
  const body = new URLSearchParams({
    Action: "getSigninToken",
    Session: JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken }),
  });
  if (!request.chained) body.set("SessionDuration", String(request.sessionSeconds));
  let response: Response;
  try {
    // POST keeps the credentials out of the URL, and so out of any proxy's access log (the endpoint accepts both).
    response = await fetch(federationEndpoint(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(FEDERATION_TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw new FederationError(
      0,
      timedOut ? "Timeout" : "Unreachable",
      timedOut ? "the federation endpoint did not answer in time" : "the federation endpoint could not be reached",
    );
  }
  const text = await response.text();
  let parsed: { SigninToken?: unknown; error?: unknown; message?: unknown } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // AWS answers errors with an HTML page; only its status is useful then.
  }
  if (response.ok && typeof parsed.SigninToken === "string") return parsed.SigninToken;
  const code = typeof parsed.error === "string" ? parsed.error : `HTTP${response.status}`;
  const message = typeof parsed.message === "string" ? parsed.message : `the federation endpoint answered HTTP ${response.status}`;
  throw new FederationError(response.status, code, message);
}

/** The login URL that redeems a sign-in token and lands on `destination`. */
export function buildLoginUrl(signinToken: string, destination: string, issuer = getConfig().NEXTAUTH_URL): string {
  const query = new URLSearchParams({ Action: "login", Issuer: issuer, Destination: destination, SigninToken: signinToken });
  return `${federationEndpoint()}?${query}`;
}

/**
 * The console's own switch-role link, for people already in a Custodian console session: the console switches with
 * their current credentials. `displayName` is what the console shows (at most 64 characters).
 */
export function buildSwitchRoleUrl(accountId: string, roleName: string, displayName: string): string {
  const config = getConfig();
  const base = (config.AWS_SIGNIN_URL ?? SIGNIN_HOSTS[config.AWS_PARTITION]).replace(/\/+$/, "");
  const query = new URLSearchParams({ account: accountId, roleName, displayName: displayName.slice(0, 64) });
  return `${base}/switchrole?${query}`;
}

/** A federation failure in words a person can act on. */
export function describeFederationFault(error: unknown): AwsFault {
  if (!(error instanceof FederationError)) {
    return { kind: "unknown", status: 502, retryable: true, message: "Getting a console sign-in token failed unexpectedly. Try again." };
  }
  const where = `the AWS console sign-in endpoint (${new URL(federationEndpoint()).host})`;
  if (error.status === 0)
    return {
      kind: "unreachable",
      status: 502,
      retryable: true,
      code: error.code,
      message: `${capitalise(where)} could not be reached (${error.message}). Try again.`,
    };
  if (error.status === 429 || error.status >= 500) {
    return {
      kind: "throttled",
      status: 503,
      retryable: true,
      code: error.code,
      message: `${capitalise(where)} is busy (HTTP ${error.status}). Wait a few seconds and try again.`,
    };
  }
  if (/expired|InvalidCredentials/i.test(`${error.code} ${error.message}`)) {
    return {
      kind: "expired-credentials",
      status: 502,
      retryable: true,
      code: error.code,
      message: `${capitalise(where)} did not accept the role's credentials (${error.message}). Try again.`,
    };
  }
  return {
    kind: error.status === 403 ? "access-denied" : "invalid",
    status: 502,
    retryable: false,
    code: error.code,
    message: `${capitalise(where)} refused to sign in: ${error.message}`,
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
