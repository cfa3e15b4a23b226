import "server-only";
import { describeInstanceFault } from "./grant-credentials";

// Session Manager's own refusals, in words a person can act on. TargetNotConnected (agent offline, instance
// stopped) is worth a retry later; DoesNotExist on Resume/Terminate means the session is over; an IAM refusal at
// StartSession means AWS's policy (e.g. a tag condition) disagrees with Gatehouse's profile, which an admin fixes.

export interface SessionFault {
  status: number;
  code: string;
  message: string;
  retryable: boolean;
}

const codeOf = (error: unknown) => (error && typeof error === "object" ? ((error as { name?: string }).name ?? "") : "");

export function describeSessionFault(error: unknown, what: string): SessionFault {
  const code = codeOf(error);
  const awsSaid = error instanceof Error ? error.message : String(error);
  if (code === "TargetNotConnected") {
    return {
      status: 409,
      code: "target-not-connected",
      retryable: true,
      message: `The instance is not connected to Session Manager (TargetNotConnected): its agent is offline or the instance is stopped. Try again in a minute. (${awsSaid})`,
    };
  }
  if (code === "DoesNotExistException") {
    return { status: 410, code: "session-ended", retryable: false, message: "This session has ended; it cannot be resumed. Start a new session." };
  }
  const fault = describeInstanceFault(error, what);
  if (fault.kind === "access-denied") {
    return { status: 403, code: "aws-denied", retryable: false, message: fault.message };
  }
  return { status: fault.status, code: fault.kind === "throttled" ? "aws-throttled" : "aws-error", retryable: fault.retryable, message: fault.message };
}
