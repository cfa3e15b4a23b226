import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

// SigV4 verification: rebuild the canonical request exactly as the signer did (only the headers it listed in
// SignedHeaders), derive the signing key from the secret we hold, and compare. Same algorithm as
// @smithy/signature-v4, which the integration tests use to sign requests the SDK clients cannot produce.

export interface AuthorizationHeader {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface SignableRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string): AuthorizationHeader | undefined {
  const m = AUTH_PATTERN.exec(header.trim());
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(";"), signature: m[6]! };
}

/** Parses X-Amz-Date (20240131T235959Z) into epoch milliseconds, or NaN. */
export function parseAmzDate(value: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    if (signingKeys.size > 10_000) signingKeys.clear();
    key = [date, region, service, "aws4_request"].reduce<Buffer>((k, part) => createHmac("sha256", k).update(part).digest(), Buffer.from(`AWS4${secret}`));
    signingKeys.set(cacheKey, key);
  }
  return key;
}

function escapeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(escapeRfc3986(safeDecode(segment)));
  }
  const joined = `/${segments.join("/")}`;
  return segments.length > 0 && rawPath.endsWith("/") ? `${joined}/` : joined;
}

function canonicalQuery(rawQuery: string): string {
  const pairs = [...new URLSearchParams(rawQuery)].filter(([k]) => k !== "X-Amz-Signature").map(([k, v]) => [escapeRfc3986(k), escapeRfc3986(v)] as const);
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .replace(/[\r\n]/g, " ")
    .replace(/[ \t]+/g, " ")
    .trim();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function verifySignature(request: SignableRequest, auth: AuthorizationHeader, secretAccessKey: string): boolean {
  const payloadHash = headerValue(request.headers, "x-amz-content-sha256") || sha256Hex(request.body);
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQuery),
    auth.signedHeaders.map((h) => `${h}:${headerValue(request.headers, h)}`).join("\n") + "\n",
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const amzDate = headerValue(request.headers, "x-amz-date");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const expected = createHmac("sha256", signingKey(secretAccessKey, auth.date, auth.region, auth.service))
    .update(stringToSign)
    .digest();
  return timingSafeEqual(expected, Buffer.from(auth.signature, "hex"));
}
