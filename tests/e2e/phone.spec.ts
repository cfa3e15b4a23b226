import type { Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// Gatehouse on a 390×844 phone: no page is wider than the screen, every navigation link can be reached and
// tapped, and the reason dialog fits so a developer can open a shell.

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

async function fitsTheScreen(page: Page) {
  // Against the device's width: a mobile browser widens its layout viewport (innerWidth) to fit a page that overflows.
  const { page: width, inner } = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(width, `${page.url()} is ${width}px wide on a 390px screen`).toBeLessThanOrEqual(390);
  expect(inner).toBe(390);
}

test("as the admin, every page fits a phone and every navigation link is on screen", async ({ page }) => {
  await signInAs(page, USERS.ada);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const path of ["/", "/organization", "/instances", "/sessions", "/audit", "/people", "/cli"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await fitsTheScreen(page);
    for (const link of await nav.getByRole("link").all()) {
      await expect(link).toBeInViewport();
    }
  }
  await nav.getByRole("link", { name: "Audit log" }).tap();
  await expect(page).toHaveURL(/\/audit$/);
  await page.getByRole("button", { name: "Ada Admin" }).tap();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
});

test("as the developer on a phone, the reason dialog fits and Continue opens the shell", async ({ page }) => {
  await signInAs(page, USERS.dana, "/instances");
  await expect(async () => {
    await page.goto("/instances");
    await expect(page.locator('[data-instance-id="i-0b000000000000001"]')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await fitsTheScreen(page);
  await page.getByRole("button", { name: "Open shell on Develop (i-0b000000000000001)" }).tap();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeInViewport({ ratio: 1 });
  await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: from a phone");
  const continueButton = page.getByRole("button", { name: "Continue" });
  await expect(continueButton).toBeInViewport({ ratio: 1 });
  await continueButton.tap();
  await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "open", { timeout: 20_000 });
});
