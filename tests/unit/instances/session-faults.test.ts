import { describe, expect, it } from "vitest";
import { IdTokenUnavailableError, RoleChainError } from "@/lib/aws/role-chain-error";
import { toSessionReason } from "@/lib/aws/ssm-sessions";
import { describeSessionFault } from "@/lib/instances/session-faults";

// What a person is told when Session Manager, IAM or the role chain refuses a shell, and which refusals are worth
// a retry.

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("describeSessionFault", () => {
  it("makes TargetNotConnected a retryable conflict that says the agent is offline", () => {
    const fault = describeSessionFault(awsError("TargetNotConnected", "i-0c000000000000003 is not connected."), "starting a session");
    expect(fault).toMatchObject({ status: 409, code: "target-not-connected", retryable: true });
    expect(fault.message).toMatch(/not connected to Session Manager.*agent is offline/);
  });

  it("makes DoesNotExist on resume/terminate a final 'session ended'", () => {
    expect(describeSessionFault(awsError("DoesNotExistException", "Session with id x does not exist"), "resuming")).toMatchObject({
      status: 410,
      code: "session-ended",
      retryable: false,
    });
  });

  it("passes IAM's refusal through with AWS's own words, as a 403", () => {
    const message = "User: arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com is not authorized to perform: ssm:StartSession";
    const fault = describeSessionFault(awsError("AccessDeniedException", message), "starting a session");
    expect(fault).toMatchObject({ status: 403, code: "aws-denied", retryable: false });
    expect(fault.message).toContain(message);
  });

  it("says throttling and unreachable AWS are temporary", () => {
    expect(describeSessionFault(awsError("ThrottlingException", "Rate exceeded"), "x")).toMatchObject({ code: "aws-throttled", retryable: true, status: 503 });
    const down = describeSessionFault(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "starting a session");
    expect(down).toMatchObject({ code: "aws-unreachable", retryable: true, status: 502 });
    expect(down.message).toMatch(/could not be reached while starting a session/);
  });

  it("explains role-chain failures with the role and the principal", () => {
    const denied = new RoleChainError(
      "arn:aws:iam::444444444444:role/Developer",
      "arn:aws:iam::111111111111:role/CustodianDeveloper",
      awsError("AccessDenied", "not authorized"),
    );
    const fault = describeSessionFault(denied, "starting a session");
    expect(fault.status).toBe(403);
    expect(fault.message).toContain("arn:aws:iam::444444444444:role/Developer");
    expect(fault.message).toContain("CustodianDeveloper");
    expect(describeSessionFault(new IdTokenUnavailableError(true), "x")).toMatchObject({ code: "unauthenticated", status: 401, retryable: false });
  });
});

describe("toSessionReason", () => {
  it("fits StartSession's Reason (one line, 1-256 characters) or leaves it out", () => {
    expect(toSessionReason("  fix\nthe   build ")).toBe("fix the build");
    expect(toSessionReason("x".repeat(300))).toHaveLength(256);
    expect(toSessionReason("   ")).toBeUndefined();
    expect(toSessionReason(null)).toBeUndefined();
  });
});
