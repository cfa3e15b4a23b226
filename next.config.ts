import type { NextConfig } from "next";

// The fixed headers, on every answer including static files. The Content-Security-Policy (with its per-request nonce)
// and HSTS come from proxy.ts (lib/http/security-headers.ts), since they depend on the request and the settings.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

// Referrer-Policy is `same-origin` everywhere but on the console redirect, which answers `no-referrer` (as its route
// handler says) so nothing of the Gatehouse request goes along to AWS's sign-in; a header set here would replace the
// handler's, so that one path is left out of the global value and given its own.
const CONSOLE_OPEN = "/api/console/open";

const nextConfig: NextConfig = {
  // A separate build folder lets several builds (e.g. parallel test runs) coexist; `.next` by default.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // The build checks the app's own types; `npm run typecheck` checks everything (tests, sandbox, scripts too).
  typescript: { tsconfigPath: "tsconfig.app.json" },
  // Native and WebAssembly packages stay out of the server bundle and load from node_modules.
  // prom-client too: one copy of it per process, shared by the server (scripts/lib/serve-next.ts) and the app.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "prom-client"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: `/:path((?!${CONSOLE_OPEN.slice(1)}$).*)`, headers: [{ key: "Referrer-Policy", value: "same-origin" }] },
      { source: CONSOLE_OPEN, headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    ];
  },
};

export default nextConfig;
