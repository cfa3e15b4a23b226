import { defineConfig } from "@playwright/test";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { chromiumLaunchOptions } from "./tests/support/chromium";

// Browser tests run Debian's Chromium (never a downloaded browser) against the demo server: the production build,
// a throwaway embedded database, and the sandbox Google and AWS, on ports of their own so a running demo is untouched.
const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://localhost:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `gatehouse-e2e-${process.pid}`);
// Set once in the runner's process (the workers inherit them): where the server's output is copied for the
// log-secrets check, and the metrics token the server is started with.
const logFile = (process.env.GATEHOUSE_E2E_LOG_FILE ??= path.join(os.tmpdir(), `gatehouse-e2e-server-${process.pid}.log`));
const metricsToken = (process.env.GATEHOUSE_E2E_METRICS_TOKEN ??= randomBytes(18).toString("base64url"));

export default defineConfig({
  testDir: "tests/e2e",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "on-first-retry",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium" }, testIgnore: /sessions-end\.spec\.ts|log-secrets\.spec\.ts/ },
    // Ending every session of a sample user would sign out the other tests that run as that user at the same time,
    // so these run alone, after the rest.
    { name: "sessions-end", use: { browserName: "chromium" }, testMatch: /sessions-end\.spec\.ts/, dependencies: ["chromium"] },
    // Last: every line the server wrote during all the journeys above, checked for secrets.
    { name: "log-secrets", use: { browserName: "chromium" }, testMatch: /log-secrets\.spec\.ts/, dependencies: ["chromium", "sessions-end"] },
  ],
  webServer: {
    command: "npx tsx scripts/demo.ts",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    // The server writes one JSON line per request: they go to GATEHOUSE_E2E_LOG_FILE (read by log-secrets.spec.ts),
    // not to the test output. Its standard error (a failed start) is shown.
    stdout: "ignore",
    env: {
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      GATEHOUSE_DATA_DIR: dataDir,
      SANDBOX_GOOGLE_PORT: process.env.E2E_GOOGLE_PORT ?? "4010",
      SANDBOX_AWS_PORT: process.env.E2E_AWS_PORT ?? "4576",
      EMBEDDED_DB_PORT: process.env.E2E_DB_PORT ?? "5443",
      // The browser tests open many consoles and shells as the same few people; the limit itself is tested in
      // tests/integration/credential-rate-limit.test.ts.
      RATE_LIMIT_CREDENTIALS: "5000",
      GATEHOUSE_LOG_FILE: logFile,
      METRICS_TOKEN: metricsToken,
    },
  },
});
