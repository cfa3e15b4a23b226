import pino, { type Logger } from "pino";
import { currentRequestContext } from "./request-context";
import { scrubSecrets } from "./scrub-secrets";

// Gatehouse's one logger: one JSON object per line on standard output (pino), at LOG_LEVEL (default info), each line
// with the id of the request it belongs to when there is one. Secrets are kept out twice: by field name (the redact
// paths below: headers, tokens, keys, URLs that sign in) and by value (scrubSecrets() over every finished line, so a
// token inside a message or an error is caught as well). One instance per process, kept on globalThis, because
// Next.js bundles this module into several chunks and the server loads it once more outside the bundle.

const SECRET_FIELDS = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "id_token",
  "sessionToken",
  "SessionToken",
  "secretAccessKey",
  "SecretAccessKey",
  "SigninToken",
  "signinToken",
  "TokenValue",
  "tokenValue",
  "StreamUrl",
  "streamUrl",
  "url",
  "loginUrl",
  "codeVerifier",
  "code_verifier",
  "deviceCode",
  "clientSecret",
];
const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [`["${field}"]`, `*["${field}"]`]),
  ...["authorization", "cookie", "x-gatehouse-cli-token"].flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
  'res.headers["set-cookie"]',
];

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function levelFrom(env: string | undefined): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(env ?? "") ? (env as LogLevel) : "info";
}

function createLogger(): Logger {
  const destination = pino.destination({ dest: 1, sync: true });
  const scrubbing = { write: (line: string) => destination.write(scrubSecrets(line)) };
  return pino(
    {
      level: levelFrom(process.env.LOG_LEVEL),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      mixin: () => {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId } : {};
      },
    },
    scrubbing,
  );
}

const KEY = Symbol.for("gatehouse.logger");
const holder = globalThis as unknown as Record<typeof KEY, Logger | undefined>;

/** The process's logger; `component` names the part of Gatehouse a line comes from (org-sync, audit, http…). */
export function logger(component?: string): Logger {
  const root = (holder[KEY] ??= createLogger());
  return component ? root.child({ component }) : root;
}

/**
 * An error as a log field: its name and message (scrubbed with the rest of the line); the stack for unexpected
 * errors (`stack: true`) or at debug level.
 */
export function errorField(error: unknown, options: { stack?: boolean } = {}): { name: string; message: string; stack?: string } | string {
  if (!(error instanceof Error)) return String(error);
  const withStack = (options.stack || logger().isLevelEnabled("debug")) && error.stack;
  return { name: error.name, message: error.message, ...(withStack ? { stack: error.stack } : {}) };
}
