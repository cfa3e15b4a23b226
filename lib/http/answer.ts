import "server-only";
import { NextResponse } from "next/server";
import { ServiceError, type ErrorBody } from "@/lib/errors";
import { errorField, logger } from "@/lib/log/logger";

// Service errors to HTTP answers, from the one table in lib/errors.ts. Anything that is not a ServiceError is a bug
// or an outage: a database that does not answer is a 503 with a retry, anything else a 500; neither shows a stack.

export const NO_STORE = { "Cache-Control": "no-store" } as const;

function isDatabaseFault(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const name = (error as { name?: unknown }).name;
  const message = error instanceof Error ? error.message : "";
  return (
    (typeof name === "string" && (name.startsWith("PrismaClient") || name === "DriverAdapterError")) ||
    /ECONNREFUSED|Connection terminated|connection timeout/i.test(message)
  );
}

/** Any thrown value as a ServiceError (unknown faults are logged here, once, without reaching the person). */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isDatabaseFault(error)) {
    logger("api").error({ err: errorField(error) }, "database fault");
    return new ServiceError("unavailable", "Gatehouse's database is not answering. Try again in a moment.", { retryable: true });
  }
  logger("api").error({ err: errorField(error, { stack: true }) }, "unexpected error");
  return new ServiceError("internal", "Gatehouse hit an unexpected error. Try again; if it persists, tell your administrator.", { retryable: true });
}

export function errorBody(error: ServiceError): ErrorBody {
  return { ...error.details, error: error.code, message: error.message, retryable: error.retryable };
}

export function errorResponse(thrown: unknown): NextResponse {
  const error = toServiceError(thrown);
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
  return NextResponse.json(errorBody(error), { status: error.status, headers });
}
