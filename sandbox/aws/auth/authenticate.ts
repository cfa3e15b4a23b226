import { AwsError, expiredToken, incompleteSignature, missingAuthentication, signatureMismatch, unknownAccessKey, type ApiService } from "../protocol/errors";
import type { Caller, CredentialStore } from "../state/credentials";
import { parseAmzDate, parseAuthorization, verifySignature, type SignableRequest } from "./sigv4";

// The order of checks follows what AWS reports: malformed header, scope, clock skew, unknown key, token, expiry,
// and only then the signature itself.

const MAX_SKEW_MS = 15 * 60 * 1000;

export interface Authenticated {
  caller: Caller;
  region: string;
}

export function authenticate(request: SignableRequest, service: ApiService, credentials: CredentialStore): Authenticated {
  const header = request.headers.authorization;
  if (!header) throw missingAuthentication(service);
  const auth = parseAuthorization(header);
  if (!auth) {
    throw incompleteSignature(
      service,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
    );
  }
  if (auth.service !== service) throw signatureMismatch(service, `Credential should be scoped to correct service: '${service}'. `);
  if (service === "organizations" && auth.region !== "us-east-1") {
    throw signatureMismatch(service, `Credential should be scoped to a valid region, not '${auth.region}'. `);
  }

  const amzDate = String(request.headers["x-amz-date"] ?? "");
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) throw incompleteSignature(service, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  checkSkew(service, amzDate, signedAt);
  if (!amzDate.startsWith(auth.date)) {
    throw signatureMismatch(
      service,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }

  const stored = credentials.lookup(auth.accessKeyId);
  if (!stored) throw unknownAccessKey(service);
  const token = request.headers["x-amz-security-token"];
  if ((stored.sessionToken ?? undefined) !== (typeof token === "string" ? token : undefined)) throw unknownAccessKey(service);
  if (credentials.isExpired(stored)) throw expiredToken(service);
  if (!verifySignature(request, auth, stored.secretAccessKey)) throw signatureMismatch(service);
  return { caller: stored.caller, region: auth.region };
}

function checkSkew(service: ApiService, amzDate: string, signedAt: number): void {
  const now = Date.now();
  if (Math.abs(now - signedAt) <= MAX_SKEW_MS) return;
  if (service === "ec2") throw new AwsError("RequestExpired", "Request has expired.", 400);
  const fmt = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
  const message =
    signedAt < now
      ? `Signature expired: ${amzDate} is now earlier than ${fmt(now - MAX_SKEW_MS)} (${fmt(now)} - 15 min.)`
      : `Signature not yet current: ${amzDate} is still later than ${fmt(now + MAX_SKEW_MS)} (${fmt(now)} + 15 min.)`;
  throw signatureMismatch(service, message);
}
