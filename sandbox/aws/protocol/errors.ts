// AWS errors as each service really returns them: code, HTTP status and message text. The SDK turns the code into
// the exception name callers see (e.g. TooManyRequestsException), and its retry strategy classifies by that name.

export type ApiService = "organizations" | "sts" | "ec2" | "ssm" | "iam";

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the modeled exception (e.g. Organizations InvalidInputException.Reason). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

const INVALID_TOKEN = "The security token included in the request is invalid.";
const EXPIRED_TOKEN = "The security token included in the request is expired";
const BAD_SIGNATURE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const EC2_AUTH_FAILURE = "AWS was not able to validate the provided access credentials";

/** STS and IAM are both AWS Query services with the same error codes. */
const isQuery = (service: ApiService) => service === "sts" || service === "iam";

export function missingAuthentication(service: ApiService): AwsError {
  if (isQuery(service)) return new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
  if (service === "ec2") return new AwsError("MissingParameter", "The request must contain the parameter AWSAccessKeyId", 401);
  return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
}

export function incompleteSignature(service: ApiService, detail: string): AwsError {
  if (service === "ec2") return new AwsError("AuthFailure", EC2_AUTH_FAILURE, 401);
  return new AwsError(isQuery(service) ? "IncompleteSignature" : "IncompleteSignatureException", detail, isQuery(service) ? 403 : 400);
}

export function unknownAccessKey(service: ApiService): AwsError {
  if (isQuery(service)) return new AwsError("InvalidClientTokenId", INVALID_TOKEN, 403);
  if (service === "ec2") return new AwsError("AuthFailure", EC2_AUTH_FAILURE, 401);
  return new AwsError("UnrecognizedClientException", INVALID_TOKEN, 400);
}

export function signatureMismatch(service: ApiService, detail = BAD_SIGNATURE): AwsError {
  if (isQuery(service)) return new AwsError("SignatureDoesNotMatch", detail, 403);
  if (service === "ec2") return new AwsError("AuthFailure", EC2_AUTH_FAILURE, 401);
  return new AwsError("InvalidSignatureException", detail, 400);
}

export function expiredToken(service: ApiService): AwsError {
  if (isQuery(service)) return new AwsError("ExpiredToken", EXPIRED_TOKEN, 403);
  if (service === "ec2") return new AwsError("ExpiredToken", EXPIRED_TOKEN, 400);
  return new AwsError("ExpiredTokenException", EXPIRED_TOKEN, 400);
}

export function throttled(service: ApiService): AwsError {
  switch (service) {
    case "organizations":
      return new AwsError(
        "TooManyRequestsException",
        "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.",
        429,
        { Type: "TooManyRequestsException" },
      );
    case "sts":
    case "iam":
      return new AwsError("Throttling", "Rate exceeded", 400);
    case "ec2":
      return new AwsError("RequestLimitExceeded", "Request limit exceeded.", 503);
    case "ssm":
      return new AwsError("ThrottlingException", "Rate exceeded", 400);
  }
}

export function accessDenied(service: ApiService, message: string): AwsError {
  switch (service) {
    case "organizations":
      return new AwsError("AccessDeniedException", message, 403);
    case "sts":
    case "iam":
      return new AwsError("AccessDenied", message, 403);
    case "ec2":
      return new AwsError("UnauthorizedOperation", `You are not authorized to perform this operation. ${message}`, 403);
    case "ssm":
      return new AwsError("AccessDeniedException", message, 400);
  }
}

export function unknownOperation(service: ApiService, operation: string): AwsError {
  if (service === "sts" || service === "ec2" || service === "iam") {
    const version = { sts: "2011-06-15", ec2: "2016-11-15", iam: "2010-05-08" }[service];
    return new AwsError("InvalidAction", `Could not find operation ${operation} for version ${version}`, 400);
  }
  return new AwsError("UnknownOperationException", `The sandbox does not implement ${operation}`, 400);
}

/** The AWS wording for constraint failures ("1 validation error detected: Value ... at 'x' failed to satisfy ..."). */
export function validationMessage(value: unknown, member: string, constraint: string): string {
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`;
}
