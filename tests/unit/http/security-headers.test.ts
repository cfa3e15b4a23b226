import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { connectSources, contentSecurityPolicy, createNonce, HSTS, securityHeaders } from "@/lib/http/security-headers";

const base = {
  NEXTAUTH_SECRET: "x".repeat(32),
  DATABASE_URL: "postgresql://gatehouse@db.internal:5432/gatehouse",
  ALLOWED_DOMAINS: "example.com",
  GOOGLE_CLIENT_ID: "client",
  GOOGLE_CLIENT_SECRET: "secret",
  GROUPS_FILE: "config/groups.yaml",
  NODE_ENV: "production",
};
const settings = (env: Record<string, string> = {}) => parseConfig({ ...base, ...env });

/** The policy as directive name → sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    expect(map.has(name!), `${name} appears once`).toBe(false);
    map.set(name!, sources);
  }
  return map;
}

const NONCE = "q2Vdr+7n9S1xYwO0kLmZ4A==";

describe("createNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only by this request's nonce, without unsafe-inline or unsafe-eval in production", () => {
    const csp = directives(contentSecurityPolicy(NONCE, settings()));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    for (const [name, sources] of csp) {
      if (name !== "style-src") expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
    }
  });

  it("allows eval for scripts under next dev only", () => {
    expect(directives(contentSecurityPolicy(NONCE, settings({ NODE_ENV: "development" }))).get("script-src")).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy(NONCE, settings({ NODE_ENV: "test" }))).get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("keeps inline styles (React style attributes, xterm.js) without a nonce that would cancel them", () => {
    expect(directives(contentSecurityPolicy(NONCE, settings())).get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("forbids framing, plugins, foreign base URLs and foreign form targets", () => {
    const csp = directives(contentSecurityPolicy(NONCE, settings()));
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
  });

  it("lets the browser reach the Session Manager WebSocket hosts of each configured region and partition", () => {
    expect(directives(contentSecurityPolicy(NONCE, settings({ AWS_REGIONS: "us-east-1,eu-west-1" }))).get("connect-src")).toEqual([
      "'self'",
      "wss://ssmmessages.us-east-1.amazonaws.com",
      "wss://ssmmessages.eu-west-1.amazonaws.com",
    ]);
    expect(connectSources(settings({ AWS_PARTITION: "aws-us-gov", AWS_REGIONS: "us-gov-west-1" }))).toEqual([
      "'self'",
      "wss://ssmmessages.us-gov-west-1.amazonaws.com",
    ]);
    expect(connectSources(settings({ AWS_PARTITION: "aws-cn", AWS_REGIONS: "cn-north-1, cn-northwest-1" }))).toEqual([
      "'self'",
      "wss://ssmmessages.cn-north-1.amazonaws.com.cn",
      "wss://ssmmessages.cn-northwest-1.amazonaws.com.cn",
    ]);
  });

  it("adds AWS_ENDPOINT_URL's origin in http and WebSocket form (the sandbox's StreamUrl is on that host)", () => {
    expect(connectSources(settings({ AWS_ENDPOINT_URL: "http://127.0.0.1:4566/" }))).toEqual([
      "'self'",
      "wss://ssmmessages.us-east-1.amazonaws.com",
      "http://127.0.0.1:4566",
      "ws://127.0.0.1:4566",
    ]);
    expect(connectSources(settings({ AWS_ENDPOINT_URL: "https://aws-proxy.internal/prefix" }))).toEqual([
      "'self'",
      "wss://ssmmessages.us-east-1.amazonaws.com",
      "https://aws-proxy.internal",
      "wss://aws-proxy.internal",
    ]);
  });

  it("upgrades insecure requests only when Gatehouse is served over https", () => {
    expect(directives(contentSecurityPolicy(NONCE, settings())).has("upgrade-insecure-requests")).toBe(false);
    expect(directives(contentSecurityPolicy(NONCE, settings({ NEXTAUTH_URL: "https://gatehouse.example.com" }))).get("upgrade-insecure-requests")).toEqual([]);
  });

  it("refuses a nonce that could smuggle in another directive", () => {
    expect(() => contentSecurityPolicy("abc; script-src *", settings())).toThrow(/base64/);
    expect(() => contentSecurityPolicy("", settings())).toThrow(/base64/);
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only when NEXTAUTH_URL is https", () => {
    expect(securityHeaders(NONCE, settings())).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders(NONCE, settings({ NEXTAUTH_URL: "http://gatehouse.internal:3000" }))).not.toHaveProperty("Strict-Transport-Security");
    const https = securityHeaders(NONCE, settings({ NEXTAUTH_URL: "https://gatehouse.example.com" }));
    expect(https["Strict-Transport-Security"]).toBe(HSTS);
    expect(HSTS).toBe("max-age=63072000; includeSubDomains");
    expect(https["Content-Security-Policy"]).toContain(`'nonce-${NONCE}'`);
  });
});
