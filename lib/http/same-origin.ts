import "server-only";
import { ServiceError } from "@/lib/errors";

// The one same-origin rule, applied by lib/http/route.ts wherever state changes or a credential is issued.
// A browser says where a request came from: Sec-Fetch-Site (every current browser) and Origin (on POST/DELETE,
// and on cross-origin GETs). A request from another site, or from an opaque origin (`Origin: null`: sandboxed
// frames, data: URLs, some redirects), must not act in the person's name: a hidden form or link would otherwise open
// consoles and write audit records for them. `Sec-Fetch-Site: none` (typed address, bookmark) is a person's own
// navigation and is accepted for GET only. A request with neither header is not from a browser (curl with a copied
// cookie, the command line with a bearer token) and carries no ambient credential to abuse.

export function assertSameOrigin(request: Request, publicOrigin: string): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const ownOrigins = new Set([publicOrigin, new URL(request.url).origin]);
  const siteOk = site === null || site === "same-origin" || (site === "none" && request.method === "GET");
  const originOk = origin === null || ownOrigins.has(origin);
  if (!siteOk || !originOk) {
    throw new ServiceError("cross-site", "This request came from another site (or an opaque origin). Use Gatehouse itself for it.");
  }
}
