// Runs in the browser before any of Gatehouse's own modules (Next.js loads it ahead of hydration).
// Zod compiles fast object parsers with `new Function` where it may, and finds out by calling Function("") when it
// builds its first object schema (lib/console/destinations.ts is in the client bundle). The Content-Security-Policy
// allows no eval (lib/http/security-headers.ts), so that probe is refused and reported as a violation, and zod falls
// back anyway; jitless skips the probe and uses the same fallback from the start.
import { config } from "zod";

config({ jitless: true });
