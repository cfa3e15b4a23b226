import type { ServerResponse } from "node:http";
import { AwsError } from "./errors";

// AWS JSON 1.1 (Organizations, SSM): POST / with X-Amz-Target, JSON body; timestamps are epoch seconds;
// errors carry "__type" plus the modeled members (Message, Reason, ...).

export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the AWS serialization error below
  }
  throw new AwsError("SerializationException", "Start of structure or map found where not expected.", 400);
}

export function sendJson(res: ServerResponse, requestId: string, body: unknown): void {
  const text = JSON.stringify(body, function replacer(this: Record<string, unknown>, key: string, value: unknown) {
    const original = key === "" ? value : this[key];
    return original instanceof Date ? original.getTime() / 1000 : value;
  });
  res.writeHead(200, {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-requestid": requestId,
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendJsonError(res: ServerResponse, requestId: string, error: AwsError): void {
  const text = JSON.stringify({ __type: error.code, Message: error.message, ...error.fields });
  res.writeHead(error.status, {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-requestid": requestId,
    "x-amzn-errortype": error.code,
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
