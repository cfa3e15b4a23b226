import "server-only";
import { describeAwsFault, type AwsFault } from "@/lib/aws/errors";

// A failed hop of a role chain, naming the role that was asked for and the principal that asked, because that is
// what an administrator needs to fix a trust policy ("role X does not trust principal Y").

export class RoleChainError extends Error {
  /** The AWS error reduced to its name, code and message (see withoutRequest). */
  readonly cause: unknown;

  constructor(
    /** The role that could not be assumed. */
    readonly roleArn: string,
    /** Who asked: the ARN a trust policy would name (broker user or role, Custodian role, Google issuer). */
    readonly principal: string,
    cause: unknown,
  ) {
    super(`Assuming ${roleArn} as ${principal} failed`);
    this.name = "RoleChainError";
    this.cause = withoutRequest(cause);
  }
}

/**
 * An SDK error keeps the raw HTTP exchange ($response, with the request's headers, among them the caller's
 * X-Amz-Security-Token). Only what describeAwsFault reads is kept, so logging this error can never leak credentials.
 */
function withoutRequest(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const source = error as Error & { Code?: string; code?: string; cause?: { code?: string } };
  const copy = new Error(error.message) as Error & { Code?: string; code?: string; cause?: { code?: string } };
  copy.name = error.name;
  if (typeof source.Code === "string") copy.Code = source.Code;
  if (typeof source.code === "string") copy.code = source.code;
  if (typeof source.cause?.code === "string") copy.cause = { code: source.cause.code };
  return copy;
}

/** The web-identity hop could not run because the session holds no (or an expired) Google ID token. */
export class IdTokenUnavailableError extends Error {
  constructor(readonly expired: boolean) {
    super(
      expired
        ? "Your Google sign-in token has expired (Google ID tokens last one hour). Sign out of Gatehouse and sign in again to open AWS."
        : "Gatehouse holds no Google ID token for your session (BROKER_MODE=web-identity needs one). Sign out and sign in again.",
    );
    this.name = "IdTokenUnavailableError";
  }
}

const TRUST_ACTIONS = "sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity";

/** describeAwsFault for a role-chain failure, with the role and principal spelled out when AWS refused. */
export function describeRoleChainFault(error: unknown): AwsFault {
  if (error instanceof IdTokenUnavailableError) {
    return { kind: "expired-credentials", status: 401, retryable: false, message: error.message };
  }
  if (!(error instanceof RoleChainError)) return describeAwsFault(error, "assuming the role");
  const what = `assuming role ${error.roleArn} as ${error.principal}`;
  const fault = describeAwsFault(error.cause, what);
  if (fault.code === "ExpiredTokenException" || fault.code === "InvalidIdentityToken") {
    const expired = /expired/i.test(error.cause instanceof Error ? error.cause.message : "");
    if (fault.code === "ExpiredTokenException" || expired)
      return { ...fault, status: 401, retryable: false, message: new IdTokenUnavailableError(true).message };
  }
  if (fault.kind !== "access-denied") return fault;
  const awsSaid = error.cause instanceof Error ? error.cause.message : String(error.cause);
  return {
    ...fault,
    message:
      `AWS refused to let ${error.principal} assume role ${error.roleArn}. ` +
      `Check that the trust policy of ${error.roleArn} allows ${error.principal} (${TRUST_ACTIONS}), ` +
      `and that ${error.principal}'s own permissions allow the same actions on it. AWS said: ${awsSaid}`,
  };
}
