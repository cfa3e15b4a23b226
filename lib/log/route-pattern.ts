import { readFileSync } from "node:fs";
import path from "node:path";

// The route a request matched, as its pattern (`/api/sessions/[sessionId]`), never the raw address: logs and metrics
// name what was asked without ids, and never a query string. Read from the build's routes manifest, the list
// Next.js itself matches requests against (static routes first, then dynamic ones in its order).

interface ManifestRoute {
  page: string;
  regex: string;
}

export type RoutePatternOf = (pathname: string) => string;

/** A matcher for the build in `distDir`; every address it does not know is "unmatched" (a 404, a probe). */
export function loadRoutePatterns(distDir: string): RoutePatternOf {
  let routes: Array<{ page: string; regex: RegExp }> = [];
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")) as {
      staticRoutes?: ManifestRoute[];
      dynamicRoutes?: ManifestRoute[];
    };
    routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((route) => ({ page: route.page, regex: new RegExp(route.regex) }));
  } catch {
    // No manifest (not built yet): every request is "unmatched" rather than logged by its raw address.
  }
  const exact = new Map(routes.map((route) => [route.page, route.page]));
  return (pathname) => {
    if (pathname.startsWith("/_next/static/")) return "/_next/static";
    if (pathname.startsWith("/_next/")) return "/_next";
    return exact.get(pathname) ?? routes.find((route) => route.regex.test(pathname))?.page ?? "unmatched";
  };
}
