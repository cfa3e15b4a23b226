import { readFileSync } from "node:fs";
import { expect, test } from "./helpers";
import { findLogProblems } from "../support/log-secrets";

// Runs after every other browser test (playwright.config.ts: the "log-secrets" project depends on the others): reads
// back every line the Gatehouse server wrote to stdout and stderr during the journeys (sign-ins, consoles, shells,
// command-line logins and credentials, refusals), which scripts/lib/run-gatehouse.ts copies to GATEHOUSE_LOG_FILE,
// and fails if a line is not JSON or holds a credential, a token or a login URL (tests/support/log-secrets.ts).

const logFile = process.env.GATEHOUSE_E2E_LOG_FILE;

test("the server's log is JSON lines with no credential, token or login URL", async ({ request }) => {
  // The metrics too: a scrape is one more page of text the server writes about what it did.
  const scrape = await request.get("/api/metrics", { headers: { authorization: `Bearer ${process.env.GATEHOUSE_E2E_METRICS_TOKEN}` } });
  expect(scrape.status()).toBe(200);
  expect(findLogProblems([JSON.stringify({ metrics: await scrape.text() })])).toEqual([]);

  expect(logFile, "GATEHOUSE_E2E_LOG_FILE (set by playwright.config.ts)").toBeTruthy();
  const lines = readFileSync(logFile!, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  expect(findLogProblems(lines)).toEqual([]);

  // The log is the real one: request lines by route pattern (never a query string), with request ids and, on the
  // routes that know who asked, the person.
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const requests = entries.filter((entry) => entry.msg === "request");
  expect(requests.length).toBeGreaterThan(50);
  for (const entry of requests) {
    expect(entry).toMatchObject({
      requestId: expect.stringMatching(/^[A-Za-z0-9-]{1,64}$/),
      route: expect.stringMatching(/^(\/|unmatched$)/),
      status: expect.any(Number),
    });
    expect(String(entry.route)).not.toContain("?");
  }
  const routes = new Set(requests.map((entry) => entry.route));
  for (const route of ["/api/console", "/api/shell", "/api/auth/[...nextauth]"]) expect(routes, route).toContain(route);
  expect(requests.some((entry) => entry.route === "/api/console" && entry.actor === "dana@example.com")).toBe(true);
});
