import "server-only";
import { getConfig } from "@/lib/config";
import { ApiError } from "@/lib/http/api-response";

// Console routes act on the signed-in user's behalf, so a request started by another site must not reach them
// (a hidden form or link would open consoles and write audit records in the user's name). Browsers say where a
// request came from in Sec-Fetch-Site and Origin; scripts without either (curl with a session cookie) are let through.

export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    throw new ApiError(403, "cross-site", "This request came from another site; open the console from Gatehouse itself.");
  }
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return;
  const allowed = new Set([new URL(getConfig().NEXTAUTH_URL).origin, new URL(request.url).origin]);
  if (!allowed.has(origin)) throw new ApiError(403, "cross-site", "This request came from another site; open the console from Gatehouse itself.");
}
