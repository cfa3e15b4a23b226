import "server-only";
import { NextResponse } from "next/server";

/** An error a route handler answers with: a status, a stable code for scripts, and a sentence for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) {
    return NextResponse.json({ error: error.code, message: error.message, ...error.extra }, { status: error.status });
  }
  console.error("[api] unexpected error:", error);
  return NextResponse.json({ error: "internal", message: "Gatehouse hit an unexpected error. Try again; if it persists, tell your administrator." }, { status: 500 });
}
