import "server-only";
import { z } from "zod";
import { ServiceError } from "@/lib/errors";

// Reading a request's input before any service sees it: JSON bodies only as application/json, no larger than
// MAX_REQUEST_BODY_BYTES, no deeper than MAX_DEPTH and with no more than MAX_NODES values (a 10,000-deep array must
// not reach code that recurses), query strings as plain string maps. Every problem is an "invalid-input" (or 413 /
// 415) with a bounded message that never echoes the value back.

const MAX_DEPTH = 16;
const MAX_NODES = 2_000;

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Reads the body as text, refusing one that is larger than `maxBytes` without reading past the limit. */
async function readBoundedText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ServiceError("invalid-input", "The request body is not valid UTF-8.");
  }
}

const tooLarge = (maxBytes: number) => new ServiceError("payload-too-large", `The request body is larger than ${maxBytes} bytes.`);

/** Fails when a parsed JSON value is too deep or too large to be a Gatehouse request (checked without recursion). */
export function assertJsonShape(value: unknown): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (++nodes > MAX_NODES) throw new ServiceError("invalid-input", `The request holds more than ${MAX_NODES} values.`);
    if (current === null || typeof current !== "object") continue;
    if (depth >= MAX_DEPTH) throw new ServiceError("invalid-input", `The request is nested more than ${MAX_DEPTH} levels deep.`);
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
}

/** The JSON body (undefined when there is none), checked for content type, size, encoding and shape. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const hasBody = request.headers.get("content-length") !== "0" && request.body !== null;
  if (hasBody && !isJsonContentType(request.headers.get("content-type"))) {
    // Refused even when the text is JSON: a form or text/plain POST is what a cross-site page can send without CORS.
    const text = await readBoundedText(request, maxBytes);
    if (text.length > 0) throw new ServiceError("unsupported-media-type", "Send the request body as JSON with Content-Type: application/json.");
    return undefined;
  }
  const text = await readBoundedText(request, maxBytes);
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ServiceError("invalid-input", "The request body is not valid JSON.");
  }
  assertJsonShape(value);
  return value;
}

/** Query parameters as a string map: the first value of each key; a repeated key is refused. */
export function readQuery(url: URL): Record<string, string> {
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [key, value] of url.searchParams) {
    if (++count > 50) throw new ServiceError("invalid-input", "The query string has too many parameters.");
    if (Object.hasOwn(query, key)) throw new ServiceError("invalid-input", `Give ${storableKey(key)} once.`);
    query[key] = value;
  }
  return query;
}

const storableKey = (key: string) => JSON.stringify(key.slice(0, 40));

/** Parses input with a route's schema; the first problem becomes an invalid-input error naming the field. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ServiceError("invalid-input", describeIssue(parsed.error.issues[0]));
}

export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "Invalid request.";
  const field = issue.path.map((part) => (typeof part === "symbol" ? "?" : String(part).slice(0, 40))).join(".") || "request";
  const message = issue.message.replace(/^Invalid input: /, "").slice(0, 200);
  return `Invalid ${field}: ${message}.`;
}
