import type { Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// A Session Manager shell in real Chromium: Gatehouse checks access and starts the session, the page opens the
// sandbox gateway's WebSocket itself and runs xterm.js over lib/ssm. Also: a forbidden instance refused even when
// asked for by hand, and the console route to an instance's Session Manager page.

const DEV = "i-0b000000000000001";
const PROD = "i-0a000000000000001";

async function openInstances(page: Page) {
  await expect(async () => {
    await page.goto("/instances");
    await expect(page.locator(`[data-instance-id="${DEV}"]`)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

/** Terminal lines as xterm renders them (DOM renderer). */
const terminalLines = (page: Page) => page.locator(".xterm-rows > div");
const lineExactly = (page: Page, text: string) => terminalLines(page).filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) });

async function typeCommand(page: Page, command: string) {
  await page.getByTestId("terminal").click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
}

test("Dana opens a shell, runs a command, the shell follows a resize, and exit ends the session", async ({ page }) => {
  await signInAs(page, USERS.dana, "/instances");
  await openInstances(page);
  await page.getByRole("button", { name: `Open shell on Develop (${DEV})` }).click();
  await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: check the build agent");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/shell\/dana%40example\.com-|\/shell\/dana@example\.com-/);
  await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "open", { timeout: 20_000 });
  await expect(
    terminalLines(page)
      .filter({ hasText: `${DEV}$` })
      .first(),
  ).toBeVisible();
  await expect(page).toHaveTitle(`Shell on ${DEV} · Gatehouse`);

  await typeCommand(page, "echo hello");
  await expect(lineExactly(page, "hello")).toHaveCount(1);

  const terminal = page.getByTestId("terminal");
  const before = { cols: await terminal.getAttribute("data-cols"), rows: await terminal.getAttribute("data-rows") };
  await page.setViewportSize({ width: 900, height: 560 });
  await expect(terminal).not.toHaveAttribute("data-cols", before.cols ?? "");
  await expect(terminal).not.toHaveAttribute("data-rows", before.rows ?? "");
  const cols = await terminal.getAttribute("data-cols");
  const rows = await terminal.getAttribute("data-rows");
  await typeCommand(page, "stty size");
  await expect(lineExactly(page, `${rows} ${cols}`)).toHaveCount(1);

  await typeCommand(page, "exit");
  await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "ended");
  await expect(page.getByText("Session ended", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start a new session" })).toBeVisible();
});

test("the terminal reconnects by itself when its connection drops, and the same shell carries on", async ({ page }) => {
  // Keep a handle on the page's WebSockets (to drop one, as a network blip would) and record the status line's phases.
  await page.addInitScript(() => {
    const w = window as unknown as { __sockets: WebSocket[]; __phases: string[] };
    w.__sockets = [];
    w.__phases = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        w.__sockets.push(this);
      }
    };
    new MutationObserver(() => {
      const phase = document.querySelector('[data-testid="shell-status"]')?.getAttribute("data-phase");
      if (phase && w.__phases.at(-1) !== phase) w.__phases.push(phase);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-phase"] });
  });
  await signInAs(page, USERS.dana, "/instances");
  await openInstances(page);
  await page.getByRole("button", { name: `Open shell on Develop (${DEV})` }).click();
  await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: reconnect");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "open", { timeout: 20_000 });
  await typeCommand(page, "export MARK=still-$((20+1))");

  await page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.at(-1)!.close());
  await expect.poll(() => page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.length)).toBe(2);
  await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "open");
  await typeCommand(page, "echo $MARK");
  await expect(lineExactly(page, "still-21")).toHaveCount(1);
  const phases = await page.evaluate(() => (window as unknown as { __phases: string[] }).__phases);
  expect(phases).toContain("reconnecting");
  expect(phases.at(-1)).toBe("open");
});

test("an instance whose agent is offline gives a clear message and a Retry, not a dead terminal", async ({ page }) => {
  await signInAs(page, USERS.dana, "/instances");
  await openInstances(page);
  await page.getByRole("button", { name: "Open shell on Develop (i-0c000000000000003)" }).click();
  await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: lost agent");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("not connected to Session Manager (TargetNotConnected)");
  await page.getByRole("button", { name: "Cancel" }).click();
  const error = page.getByTestId("open-shell-error");
  await expect(error).toContainText("TargetNotConnected");
  await expect(error.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(page).toHaveURL(/\/instances$/);
});

test("a forbidden instance is refused, also through a request crafted in the page", async ({ page }) => {
  await signInAs(page, USERS.dana, "/instances");
  await openInstances(page);
  await expect(page.locator(`[data-instance-id="${PROD}"]`)).toHaveCount(0);
  const answer = await page.evaluate(async (instanceId) => {
    const response = await fetch("/api/shell", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accountId: "333333333333", region: "us-east-1", instanceId, reason: "crafted", tags: { Name: "Develop" } }),
    });
    return { status: response.status, body: await response.json() };
  }, PROD);
  expect(answer.status).toBe(403);
  expect(answer.body).toMatchObject({ error: "not-granted" });
  expect(answer.body).not.toHaveProperty("tokenValue");
  expect(answer.body.message).toMatch(/333333333333/);
});

test("Open in AWS console lands on the sandbox console's Session Manager page for that instance", async ({ page }) => {
  await signInAs(page, USERS.dana, "/instances");
  await openInstances(page);
  await page.getByRole("button", { name: `Open in AWS console: Develop (${DEV})` }).click();
  await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: look at the session history");
  // The console opens in a new tab; the Instances tab stays.
  const popup = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const consoleTab = await popup;
  await expect(consoleTab.getByTestId("console-destination")).toHaveText(
    `https://us-east-1.console.aws.amazon.com/systems-manager/session-manager/${DEV}?region=us-east-1`,
    { timeout: 20_000 },
  );
  await expect(consoleTab.getByTestId("console-account")).toContainText("444444444444");
  await expect(consoleTab.getByTestId("console-role")).toContainText("Developer");
  await expect(page).toHaveURL(/\/instances/);
});

test("Terminate on the Sessions page asks first: dismissing keeps the shell, accepting ends it", async ({ page }) => {
  await signInAs(page, USERS.dana, "/instances");
  await openInstances(page);
  await page.getByRole("button", { name: `Open shell on Develop (${DEV})` }).click();
  await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: terminate with confirmation");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "open", { timeout: 20_000 });
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  await page.goto("/sessions?scope=mine");
  const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  // Leaving the shell page drops its connection: the session lives on, Connected or Disconnected (resumable).
  await expect(row).toHaveAttribute("data-status", /^(Connected|Disconnected)$/);
  const button = row.getByRole("button", { name: `Terminate session ${sessionId}` });

  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await button.click();
  await expect.poll(() => asked).toContain(sessionId);
  await page.reload();
  await expect(row).toHaveAttribute("data-status", /^(Connected|Disconnected)$/);

  page.once("dialog", (dialog) => void dialog.accept());
  await button.click();
  await expect(row).toHaveAttribute("data-status", "Terminated", { timeout: 15_000 });
});
