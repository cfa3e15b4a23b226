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
  globalIgnores([".next*/**", "node_modules/**", "dist/**", "lib/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
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
      "no-restricted-imports": ["error", { patterns: [noSandbox, noAgpl, { group: ["@aws-sdk/*"], message: "Only lib/aws talks to AWS." }] }],
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
            {
              group: ["@/lib/audit/record", "@/lib/audit/refusals"],
              message: "Audit records are written by services (and the route wrapper), never by a route handler.",
            },
            {
              group: ["next-auth", "next-auth/*", "@/lib/actor/from-request", "@/lib/actor/auth-sessions"],
              message: "The Actor comes from route() in lib/http/route.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // The command line (cli/) is bundled into one file with no runtime dependencies (scripts/build-cli.ts): Node's
    // built-ins, and from lib/ only the isomorphic modules listed here.
    files: ["cli/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noSandbox,
            noAgpl,
            {
              group: ["next", "next/*", "next-auth", "next-auth/*", "react", "react/*", "react-dom", "react-dom/*"],
              message: "The command line runs without Next.js or React.",
            },
            {
              group: ["@prisma/*", "prisma", "@/lib/generated/*", "pg", "@electric-sql/*"],
              message: "The command line never opens a database; it calls Gatehouse's API.",
            },
            { group: ["@aws-sdk/*", "@smithy/*"], message: "The command line never calls AWS; Gatehouse does." },
            {
              group: ["@/app/*", "@/components/*", "@/sandbox/*", "@/scripts/*", "@/tests/*"],
              message: "The command line imports only cli/ and isomorphic lib/ modules.",
            },
            {
              regex:
                "^@/lib/(?!(errors|cli/profile-name|cli/cli-api|instances/listing-types|profile-versions/policy-api|shell/shell-connection|shell/shell-api|ssm/[a-z0-9-]+)$)",
              message:
                "From lib/ the command line imports only isomorphic modules without dependencies (lib/errors, lib/cli/profile-name, lib/cli/cli-api, lib/instances/listing-types, lib/profile-versions/policy-api, lib/shell/shell-connection and shell-api, lib/ssm/*); add one here only if it is.",
            },
            {
              regex: "^(\\.\\./)+(lib|app|components|sandbox|scripts|tests|prisma)(/|$)",
              message: "Import lib/ modules as @/lib/…, so the boundary above sees them.",
            },
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
