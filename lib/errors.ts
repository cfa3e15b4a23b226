// The one closed set of faults a Gatehouse service can report, each with one meaning and one HTTP status,
// the same on every route and for every client (the portal's pages, scripts, the command line).
// Services throw ServiceError and know nothing of HTTP; lib/http/route.ts turns it into an answer from this table.
// Isomorphic: the browser and the command line read `error` codes from answers and may import the type.

export const ERROR_STATUS = {
  // The request itself
  "invalid-input": 400,
  "unsupported-media-type": 415,
  "payload-too-large": 413,
  // Who is asking
  unauthenticated: 401,
  "cross-site": 403,
  // Gatehouse's access rules (decide())
  "no-profile": 403,
  "not-granted": 403,
  "account-inactive": 403,
  "reason-required": 403,
  "not-owner": 403,
  "not-admin": 403,
  // What was asked for
  "unknown-account": 404,
  "unknown-instance": 404,
  "unknown-session": 404,
  "not-found": 404,
  "session-ended": 410,
  conflict: 409,
  "target-not-connected": 409,
  "unsupported-session": 501,
  // Limits
  "rate-limited": 429,
  // AWS's answers
  "aws-denied": 403,
  "aws-throttled": 503,
  "aws-credentials": 502,
  "aws-unreachable": 502,
  "aws-invalid": 502,
  "aws-error": 502,
  // Gatehouse itself
  "audit-unavailable": 503,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ServiceErrorOptions {
  /** Whether trying the same request again later can help (the page then offers Retry). */
  retryable?: boolean;
  /** For rate-limited: seconds until the next attempt can succeed (Retry-After). */
  retryAfterSeconds?: number;
  /** Extra fields for the answer's JSON body; never secrets. */
  details?: Record<string, string | number | boolean | null>;
  cause?: unknown;
}

/** A fault a service reports: one code from the closed set, a sentence a person can act on. */
export class ServiceError extends Error {
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly details: Record<string, string | number | boolean | null>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ServiceErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ServiceError";
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  retryable: boolean;
  [detail: string]: unknown;
}
