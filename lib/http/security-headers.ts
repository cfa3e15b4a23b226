// The response headers proxy.ts puts on every answer it passes or gives: a Content-Security-Policy with a fresh nonce
// per request, and HSTS when Gatehouse is served over https. The headers that never change (X-Frame-Options,
// nosniff, Referrer-Policy, Permissions-Policy) are in next.config.ts. Pure functions of the settings, so they can
// be tested without a server; nothing here reads the environment itself.
import type { Config } from "@/lib/config";

export type SecurityHeaderSettings = Pick<Config, "NODE_ENV" | "NEXTAUTH_URL" | "AWS_PARTITION" | "AWS_REGIONS" | "AWS_ENDPOINT_URL">;

/** The DNS suffix of each partition's service endpoints (ssmmessages.<region>.<suffix>). */
const DNS_SUFFIX: Record<Config["AWS_PARTITION"], string> = {
  aws: "amazonaws.com",
  "aws-us-gov": "amazonaws.com",
  "aws-cn": "amazonaws.com.cn",
};

export const HSTS = "max-age=63072000; includeSubDomains";

/** 128 random bits, base64: what a CSP nonce-source accepts. Web Crypto, so it runs wherever proxy.ts runs. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Where the browser may open connections besides Gatehouse itself: the Session Manager data channel
 * (`wss://ssmmessages.<region>.<suffix>`, the host of the StreamUrl that StartSession and ResumeSession return) in
 * each listed region, and, when AWS_ENDPOINT_URL points the AWS calls elsewhere (the sandbox in the demo and tests,
 * whose StreamUrl is a ws:// URL on that same host), that origin in both its http and its ws form.
 */
export function connectSources(settings: Pick<SecurityHeaderSettings, "AWS_PARTITION" | "AWS_REGIONS" | "AWS_ENDPOINT_URL">): string[] {
  const suffix = DNS_SUFFIX[settings.AWS_PARTITION];
  const sources = ["'self'", ...settings.AWS_REGIONS.map((region) => `wss://ssmmessages.${region}.${suffix}`)];
  if (settings.AWS_ENDPOINT_URL) {
    const endpoint = new URL(settings.AWS_ENDPOINT_URL);
    const secure = endpoint.protocol === "https:";
    sources.push(`${secure ? "https" : "http"}://${endpoint.host}`, `${secure ? "wss" : "ws"}://${endpoint.host}`);
  }
  return [...new Set(sources)];
}

const isHttps = (url: string) => url.toLowerCase().startsWith("https://");

/** The Content-Security-Policy for one answer; `nonce` must be fresh for every request. */
export function contentSecurityPolicy(nonce: string, settings: SecurityHeaderSettings): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new Error("A CSP nonce must be base64.");
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    // Only scripts carrying this request's nonce (Next.js stamps its own), and what they load ('strict-dynamic';
    // 'self' is for browsers without it). `next dev` needs eval for React's debugging aids; production never does.
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(settings.NODE_ENV === "development" ? ["'unsafe-eval'"] : [])],
    // Styles stay open to inline ones: React `style` attributes (the tree's indentation) and xterm.js set them at
    // run time, and a nonce here would make browsers ignore 'unsafe-inline'. Inline styles cannot run scripts.
    ["style-src", "'self'", "'unsafe-inline'"],
    // The UI shows no remote images (the user menu draws an initial, not the Google picture).
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", ...connectSources(settings)],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    // Sign-in and the console open by script (next-auth's signIn() fetches, then sets location), not by posting a
    // form across origins, so forms only ever go to Gatehouse.
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ...(isHttps(settings.NEXTAUTH_URL) ? ([["upgrade-insecure-requests"]] as Array<[string]>) : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** The per-request headers: the CSP, and HSTS only when NEXTAUTH_URL is https (never on a plain-http demo). */
export function securityHeaders(nonce: string, settings: SecurityHeaderSettings): { "Content-Security-Policy": string; "Strict-Transport-Security"?: string } {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, settings),
    ...(isHttps(settings.NEXTAUTH_URL) ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
