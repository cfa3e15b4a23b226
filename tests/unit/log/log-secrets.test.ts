import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scrubSecrets } from "@/lib/log/scrub-secrets";
import { findLogProblems } from "../../support/log-secrets";

// Secrets never reach a log line: the value scrubber (lib/log/scrub-secrets.ts) on its own, the logger as it runs
// (redact paths, scrubber, request id), and the check the browser tests run over the server's log, which must find
// each kind of secret when one is planted (else a clean log would prove nothing).

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6Fs3Lm1nC2example+token/value=";
const SIGNIN_TOKEN = "VCQgrfnZ9WL4-uY7tSJMb4fkHl6oJzb1K3bJrbKkAtgHB3HU4VgGmHz6uOY7F1hTNSJp5UBE0d0LAzEXAMPLE";
const JWE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..3pE9vjYhxgx0wYR1.mK2bV3gM4nCkZl0xPq9TzFJ1Lw.7cWQ4sFh2iXjCkU0S8tP1g";

const PLANTED: Record<string, string> = {
  "console login URL": `opening https://signin.aws.amazon.com/federation?Action=login&Issuer=gatehouse&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=${SIGNIN_TOKEN}`,
  "getSigninToken request": `GET https://signin.aws.amazon.com/federation?Action=getSigninToken&Session=%7B%22sessionId%22%3A%22ASIAXAMPLE00000000%22%7D`,
  "sandbox console link": "redirect to http://127.0.0.1:4566/console?session=Zm9vYmFyYmF6cXV4MTIzNDU2",
  "presigned URL": "https://bucket.s3.amazonaws.com/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20260101&X-Amz-Signature=abc",
  "stream URL": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/dana-0a1b2c3d?role=publish_subscribe&cell-number=AAAA",
  "stream token in JSON": JSON.stringify({ SessionId: "dana-0a1b", TokenValue: "AAEAAaSd7example0stream0token0value0000000000000", StreamUrl: "wss://x/y" }),
  "access key id": "assumed role as ASIAIOSFODNN7EXAMPLE",
  "secret access key": `secretAccessKey=${SECRET_KEY}`,
  "session token": `aws_session_token=${SESSION_TOKEN}`,
  "bearer CLI token": "Authorization: Bearer gh1_0123456789abcdef0123456789abcdef_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd",
  "bare CLI token": "token gh1_0123456789abcdef0123456789abcdef_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd",
  "session cookie": `cookie: next-auth.session-token=${JWE}; next-auth.csrf-token=abc`,
  "a JWE on its own": `session ${JWE}`,
  "PKCE verifier": "code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  "OAuth callback": "GET http://localhost:3000/api/auth/callback/google?code=4%2F0AX4XfWh-example-code&state=xyz",
  "private key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----",
};

describe("the log check (tests/support/log-secrets.ts)", () => {
  it.each(Object.entries(PLANTED))("finds a planted %s", (_, secret) => {
    expect(findLogProblems([JSON.stringify({ level: "info", msg: secret })]).length).toBeGreaterThan(0);
  });

  it("finds lines that are not JSON objects", () => {
    expect(findLogProblems(["plain text", "[1,2]", '{"level":"info","msg":"fine"}']).map((finding) => finding.problem)).toEqual([
      "not JSON",
      "not a JSON object",
    ]);
  });
});

describe("scrubSecrets", () => {
  it.each(Object.entries(PLANTED))("removes a %s and keeps the line valid JSON", (_, secret) => {
    const line = scrubSecrets(JSON.stringify({ level: "info", msg: secret }));
    expect(() => JSON.parse(line)).not.toThrow();
    expect(findLogProblems([line])).toEqual([]);
  });

  it("keeps what is no secret: ids, route patterns, request ids, plain addresses", () => {
    const line = JSON.stringify({
      msg: "request",
      route: "/api/sessions/[sessionId]",
      requestId: "3f1c2a9e-4b7d-4e1a-9c2b-0d5e6f7a8b9c",
      accountId: "444444444444",
      url: "http://localhost:3000/api/health",
    });
    expect(scrubSecrets(line)).toBe(line);
  });
});

describe("the logger", () => {
  it("writes one JSON line per event with the request id, and no secret in fields, messages or errors", () => {
    const script = `
      import { logger, errorField } from "./lib/log/logger.ts";
      import { runInRequestContext } from "./lib/log/request-context.ts";
      const log = logger("test");
      runInRequestContext({ requestId: "req-0123" }, () => {
        log.info({ headers: { authorization: "Bearer gh1_0123456789abcdef0123456789abcdef_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd", cookie: "next-auth.session-token=x" } }, "with headers");
        log.info({ credentials: { accessKeyId: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: ${JSON.stringify(SECRET_KEY)}, sessionToken: ${JSON.stringify(SESSION_TOKEN)} } }, "with credentials");
        log.info({ stream: { StreamUrl: "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s?role=publish_subscribe", TokenValue: "opaque" } }, "with a stream");
        log.warn({ url: "https://signin.aws.amazon.com/federation?Action=login&SigninToken=${SIGNIN_TOKEN}" }, "with a login URL field");
        log.error({ err: errorField(new Error("AssumeRole failed for ASIAIOSFODNN7EXAMPLE with ${SECRET_KEY}"), { stack: true }) }, "an error");
        log.info("message with https://signin.aws.amazon.com/federation?Action=login&SigninToken=${SIGNIN_TOKEN}");
      });
      log.debug("below the level");
    `;
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "info" },
      encoding: "utf8",
    });
    const lines = output.trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(findLogProblems(lines)).toEqual([]);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) expect(entry).toMatchObject({ requestId: "req-0123", component: "test", level: expect.stringMatching(/^(info|warn|error)$/) });
    expect(entries[0]).toMatchObject({ headers: { authorization: "[redacted]", cookie: "[redacted]" } });
    expect(entries[1]).toMatchObject({ credentials: { secretAccessKey: "[redacted]", sessionToken: "[redacted]" } });
  });
});
