import type { BrowserContext, Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// A browser shell through a network outage, in real Chromium against the sandbox gateway: the same shell carries on
// after 10 s and after 60 s without the network, and the keyboard is back in the terminal without a click.
//
// The cut is real on both ends: context.setOffline(true) makes every new request and WebSocket of the page fail
// (net::ERR_INTERNET_DISCONNECTED; Chromium leaves an open WebSocket stalled rather than closing it, checked by
// hand), and the sandbox gateway drops the session's socket abruptly at the same moment, as a broken network path
// does, so the page sees its socket close while it cannot reach Gatehouse or the gateway.

const DEV = "i-0b000000000000001";
const AWS_URL = `http://127.0.0.1:${process.env.E2E_AWS_PORT ?? "4576"}`;

const terminalLines = (page: Page) => page.locator(".xterm-rows > div");
const lineExactly = (page: Page, text: string) => terminalLines(page).filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) });
const status = (page: Page) => page.getByTestId("shell-status");

/** Counts the page's WebSocket opens and closes, to prove the old socket really went away. */
async function watchSockets(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __socketEvents: string[] };
    w.__socketEvents = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener("open", () => w.__socketEvents.push("open"));
        this.addEventListener("close", () => w.__socketEvents.push("close"));
      }
    };
  });
}
const socketEvents = (page: Page) => page.evaluate(() => (window as unknown as { __socketEvents: string[] }).__socketEvents.slice());

async function openShell(page: Page, reason: string): Promise<string> {
  await watchSockets(page);
  await signInAs(page, USERS.dana, "/instances");
  await expect(async () => {
    await page.goto("/instances");
    await expect(page.locator(`[data-instance-id="${DEV}"]`)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page.getByRole("button", { name: `Open shell on Develop (${DEV})` }).click();
  await page.getByRole("textbox", { name: /Reason/ }).fill(reason);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(status(page)).toHaveAttribute("data-phase", "open", { timeout: 20_000 });
  await expect(
    terminalLines(page)
      .filter({ hasText: `${DEV}$` })
      .first(),
  ).toBeVisible();
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
}

const RESUME = "**/api/shell/*/resume";

/**
 * The network goes: the gateway loses the session's socket and nothing new gets through. In that order, so the
 * page is sure to see its socket close (once offline, Chromium may stall it instead, and then the close never
 * arrives); its resume requests fail as offline ones do from the first, so no reconnect can slip in between.
 */
async function cutNetwork(page: Page, context: BrowserContext, sessionId: string) {
  await context.route(RESUME, (route) => route.abort("internetdisconnected"));
  const answer = await fetch(`${AWS_URL}/_sandbox/gateway-disconnect`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sessionId }),
  });
  expect(await answer.json()).toEqual({ disconnected: true });
  await expect.poll(() => socketEvents(page)).toContain("close");
  await context.setOffline(true);
}

/** The network is back. */
async function restoreNetwork(context: BrowserContext) {
  await context.unroute(RESUME);
  await context.setOffline(false);
}

async function survivesOutage(page: Page, context: BrowserContext, outageMs: number, reason: string) {
  const sessionId = await openShell(page, reason);
  await page.getByTestId("terminal").click();
  await page.keyboard.type("export MARK=abc");
  await page.keyboard.press("Enter");
  await expect(page.locator(".xterm-helper-textarea")).toBeFocused();

  const cutAt = Date.now();
  await cutNetwork(page, context, sessionId);
  await expect(status(page)).toHaveAttribute("data-phase", "reconnecting");
  await expect.poll(() => socketEvents(page)).toEqual(["open", "close"]);
  await expect(status(page)).toContainText(/Reconnecting… \(attempt \d+, (next try in \d+s|trying now)\)/);
  // The button that keeps the shell comes first; starting over is there, but second.
  const buttons = status(page).getByRole("button");
  await expect(buttons.nth(0)).toHaveText("Try now");
  await expect(buttons.nth(1)).toHaveText("Start a new session");

  // Half way through, the person presses Try now: it fails (still offline) and the shell keeps waiting.
  await page.waitForTimeout(Math.max(0, cutAt + outageMs / 2 - Date.now()));
  await expect(buttons.nth(0)).toBeEnabled({ timeout: 15_000 });
  const before = Number(/attempt (\d+)/.exec((await status(page).textContent()) ?? "")?.[1]);
  await buttons.nth(0).click();
  await expect(status(page)).toContainText(new RegExp(`attempt ${before + 1}\\b`));

  await page.waitForTimeout(Math.max(0, cutAt + outageMs - Date.now()));
  // Still the same shell's page, still trying, never given up.
  await expect(status(page)).toHaveAttribute("data-phase", "reconnecting");
  expect((await socketEvents(page)).filter((event) => event === "open")).toHaveLength(1);
  await restoreNetwork(context);

  // The browser's online event makes it try at once, well before the next backoff step would.
  await expect(status(page)).toHaveAttribute("data-phase", "open", { timeout: 5_000 });
  expect((await socketEvents(page)).filter((event) => event === "open")).toHaveLength(2);
  // No click: the keyboard is back in the terminal, and the shell is the one that had MARK set.
  await expect(page.locator(".xterm-helper-textarea")).toBeFocused();
  await page.keyboard.type("echo $MARK");
  await page.keyboard.press("Enter");
  await expect(lineExactly(page, "abc")).toHaveCount(1);
}

test("a shell survives a 10-second network outage: same shell, keyboard back in the terminal", async ({ page, context }) => {
  test.setTimeout(120_000);
  await survivesOutage(page, context, 10_000, "e2e: 10 s outage");
});

test("a shell survives a 60-second network outage: same shell, keyboard back in the terminal", async ({ page, context }) => {
  test.setTimeout(180_000);
  await survivesOutage(page, context, 60_000, "e2e: 60 s outage");
});

test("a shell that ended during the outage says it can no longer be resumed and offers a new session first", async ({ page, context }) => {
  test.setTimeout(120_000);
  const sessionId = await openShell(page, "e2e: ended while offline");
  await cutNetwork(page, context, sessionId);
  await expect(status(page)).toHaveAttribute("data-phase", "reconnecting");
  // The session is terminated on AWS's side while the browser is away (an administrator, the idle timeout).
  await page.request.delete(`/api/sessions/${encodeURIComponent(sessionId)}`).catch(() => undefined);
  await restoreNetwork(context);
  await expect(status(page)).toHaveAttribute("data-phase", "ended", { timeout: 15_000 });
  await expect(status(page)).toContainText("This shell can no longer be resumed");
  await expect(status(page).getByRole("button").first()).toHaveText("Start a new session");
  await expect(status(page).getByRole("button", { name: "Try now" })).toHaveCount(0);
});
