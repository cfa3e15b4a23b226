import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

// The request a piece of work belongs to. Gatehouse's server (scripts/lib/serve-next.ts) runs each request inside
// one context, so every log line written while serving it carries its id, and the route wrapper (lib/http/route.ts)
// adds who asked. The storage lives on globalThis: Next.js bundles this module into several chunks, and the server
// loads it once more outside the bundle; all of them must see the same context.

export const REQUEST_ID_HEADER = "x-request-id";

export interface RequestContext {
  requestId: string;
  /** The signed-in person's email, once the route wrapper knows who asked. */
  actor?: string;
}

const KEY = Symbol.for("gatehouse.request-context");
const holder = globalThis as unknown as Record<typeof KEY, AsyncLocalStorage<RequestContext> | undefined>;
const storage = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

const VALID_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The id a caller sent when it is 1-64 letters, digits and dashes; otherwise a new one. */
export function acceptRequestId(given: string | string[] | null | undefined): string {
  return typeof given === "string" && VALID_ID.test(given) ? given : randomUUID();
}

export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
