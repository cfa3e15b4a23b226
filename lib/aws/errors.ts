import "server-only";
import { ServiceError, type ErrorCode } from "@/lib/errors";

// AWS faults turned into what a person can act on. The raw AWS message is kept when it names the principal and the
// resource (AccessDenied does), because that is what an administrator needs to fix a trust or permission policy.

export type AwsFaultKind = "throttled" | "access-denied" | "expired-credentials" | "unreachable" | "not-found" | "invalid" | "unknown";

export interface AwsFault {
  kind: AwsFaultKind;
  /** HTTP status Gatehouse answers with. */
  status: number;
  /** A sentence for the person on the page. */
  message: string;
  /** Whether trying again later can help. */
  retryable: boolean;
  /** The AWS error code, when there was one. */
  code?: string;
}

const THROTTLE = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "PriorRequestNotComplete"]);
const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "AWSOrganizationsNotInUseException"]);
const EXPIRED = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "InvalidIdentityToken",
  "IDPCommunicationError",
  "AuthFailure",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "TimeoutError", "NetworkingError", "UND_ERR_SOCKET"]);

function codeOf(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { name?: string; code?: string; Code?: string; cause?: { code?: string } };
  return e.Code ?? (e.name && e.name !== "Error" ? e.name : undefined) ?? e.code ?? e.cause?.code;
}

/** Classifies any error thrown by an AWS SDK call (or the network under it). `what` names the attempted step. */
export function describeAwsFault(error: unknown, what: string): AwsFault {
  const code = codeOf(error);
  const awsMessage = error instanceof Error ? error.message : String(error);
  if (code && THROTTLE.has(code)) {
    return {
      kind: "throttled",
      status: 503,
      retryable: true,
      code,
      message: `AWS is throttling requests (${code}) while ${what}. Wait a few seconds and try again.`,
    };
  }
  if (code && DENIED.has(code)) {
    return { kind: "access-denied", status: 403, retryable: false, code, message: `AWS refused ${what}: ${awsMessage}` };
  }
  if (code && EXPIRED.has(code)) {
    return {
      kind: "expired-credentials",
      status: 502,
      retryable: true,
      code,
      message: `AWS did not accept Gatehouse's credentials (${code}) while ${what}. They may have expired; try again, and if it persists an administrator should check the broker credentials.`,
    };
  }
  if ((code && NETWORK.has(code)) || /socket hang up|ECONNRESET|ECONNREFUSED|fetch failed/i.test(awsMessage)) {
    return { kind: "unreachable", status: 502, retryable: true, code, message: `AWS could not be reached while ${what}. Check the network or try again.` };
  }
  if (code && /NotFound|NoSuch|DoesNotExist|InvalidInstanceID|InvalidTarget|TargetNotConnected/.test(code)) {
    return { kind: "not-found", status: 404, retryable: code === "TargetNotConnected", code, message: `${awsMessage} (${code}, while ${what}).` };
  }
  if (code && /Validation|InvalidParameter|InvalidInput|MalformedPolicy/.test(code)) {
    return { kind: "invalid", status: 400, retryable: false, code, message: `AWS rejected the request while ${what}: ${awsMessage}` };
  }
  return {
    kind: "unknown",
    status: 502,
    retryable: true,
    code,
    message: `AWS answered with an unexpected error while ${what}${code ? ` (${code})` : ""}. Try again.`,
  };
}

const FAULT_CODES: Record<AwsFaultKind, ErrorCode> = {
  throttled: "aws-throttled",
  "access-denied": "aws-denied",
  "expired-credentials": "aws-credentials",
  unreachable: "aws-unreachable",
  "not-found": "aws-error",
  invalid: "aws-invalid",
  unknown: "aws-error",
};

/** An AWS fault as the service error every route answers with (one code per fault, the same everywhere). */
export function awsServiceError(fault: AwsFault): ServiceError {
  // 401: the person's own sign-in no longer carries what AWS needs (an expired Google ID token in web-identity mode,
  // see describeRoleChainFault and docs/console-sign-in.md): they must sign in again, so it is "unauthenticated".
  const code: ErrorCode = fault.status === 401 ? "unauthenticated" : fault.code === "TargetNotConnected" ? "target-not-connected" : FAULT_CODES[fault.kind];
  return new ServiceError(code, fault.message, { retryable: fault.retryable });
}
