import "server-only";
import { awsServiceError } from "@/lib/aws/errors";
import { ServiceError } from "@/lib/errors";
import { describeInstanceFault } from "./grant-credentials";

// Session Manager's own refusals, in words a person can act on. TargetNotConnected (agent offline, instance
// stopped) is worth a retry later; DoesNotExist on Resume/Terminate means the session is over; an IAM refusal at
// StartSession means AWS's policy (e.g. a tag condition) disagrees with Gatehouse's profile, which an admin fixes.

const nameOf = (error: unknown) => (error && typeof error === "object" ? ((error as { name?: string }).name ?? "") : "");

export function describeSessionFault(error: unknown, what: string): ServiceError {
  const name = nameOf(error);
  const awsSaid = error instanceof Error ? error.message : String(error);
  if (name === "TargetNotConnected") {
    return new ServiceError(
      "target-not-connected",
      `The instance is not connected to Session Manager (TargetNotConnected): its agent is offline or the instance is stopped. Try again in a minute. (${awsSaid})`,
      { retryable: true },
    );
  }
  if (name === "DoesNotExistException") return new ServiceError("session-ended", "This session has ended; it cannot be resumed. Start a new session.");
  return awsServiceError(describeInstanceFault(error, what));
}
