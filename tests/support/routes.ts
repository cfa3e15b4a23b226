import type { Actor } from "@/lib/actor/actor";
import type { RouteHandler } from "@/lib/http/route";

// Driving a route's real handler (lib/http/route.ts: origin rule, limits, input parsing, service, error table) with a
// given Actor, below Next's cookie handling: what a caller sees (status, JSON) without a browser or a server.

export const ORIGIN = "http://localhost:3000";

export function jsonRequest(path: string, body: unknown, init: { method?: string; headers?: Record<string, string> } = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "sec-fetch-site": "same-origin", ...init.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function getRequest(path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}): Request {
  const url = new URL(`${ORIGIN}${path}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return new Request(url, { headers: { "sec-fetch-site": "same-origin", ...headers } });
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  handler: RouteHandler,
  actor: Actor | null,
  request: Request,
  params?: Record<string, string>,
): Promise<Answer<T>> {
  const response = await handler.asActor(actor, request, params);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a redirect or an HTML page)
  }
  return { status: response.status, headers: response.headers, body: body as T };
}
