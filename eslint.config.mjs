import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Boundaries are enforced here rather than remembered: production code never reaches into the sandbox, only
// lib/aws talks to AWS, only lib/db opens a database client.
const noSandbox = { group: ["@/sandbox/*", "**/sandbox/*", "../sandbox/*"], message: "Production code never imports the sandbox." };
const noAgpl = { group: ["@cloud-copilot/*"], message: "AGPL code is for the sandbox only." };

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next*/**", "node_modules/**", "lib/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts", "scripts/start-production.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noSandbox, noAgpl] }],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/aws/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [noSandbox, noAgpl, { group: ["@aws-sdk/*"], message: "Only lib/aws talks to AWS." }] },
      ],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/db/**", "lib/aws/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noSandbox,
            noAgpl,
            { group: ["@aws-sdk/*"], message: "Only lib/aws talks to AWS." },
            { group: ["@/lib/generated/*", "@prisma/*"], message: "Use lib/db; only it opens a database client." },
          ],
        },
      ],
    },
  },
  {
    // Route handlers are thin: lib/http/route.ts builds the Actor and parses input; services decide, audit and store.
    files: ["app/api/**"],
    ignores: ["app/api/auth/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noSandbox,
            noAgpl,
            { group: ["@aws-sdk/*"], message: "Only lib/aws talks to AWS." },
            { group: ["@/lib/generated/*", "@prisma/*", "@/lib/db/*"], message: "Route handlers call services; services use lib/db." },
            { group: ["@/lib/audit/record", "@/lib/audit/refusals"], message: "Audit records are written by services (and the route wrapper), never by a route handler." },
            { group: ["next-auth", "next-auth/*", "@/lib/actor/from-request", "@/lib/actor/auth-sessions"], message: "The Actor comes from route() in lib/http/route.ts." },
          ],
        },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
]);
