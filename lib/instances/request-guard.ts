import "server-only";
import { getConfig } from "@/lib/config";
import { ApiError } from "@/lib/http/api-response";

// State-changing shell calls (start, resume, terminate) come only from Gatehouse's own pages. The session cookie
// is SameSite=Lax already (no cookie on a cross-site POST); this also refuses a request that names another Origin.

export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  const allowed = new Set([new URL(getConfig().NEXTAUTH_URL).origin, new URL(request.url).origin]);
  if (!allowed.has(origin)) throw new ApiError(403, "cross-origin", "This request must come from a Gatehouse page.");
}

/** The JSON body, or undefined when it is missing or not JSON (the service then explains what is wrong). */
export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

/** The signed-in user or a 401 (proxy.ts already answers 401 to anonymous API calls; this is the second check). */
export function requireActing<T>(user: T | null): T {
  if (!user) throw new ApiError(401, "unauthenticated", "Sign in to Gatehouse first.");
  return user;
}

/** A session id from a route segment: ids hold "@" (the email), which may arrive percent-encoded. */
export function decodeSessionId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
