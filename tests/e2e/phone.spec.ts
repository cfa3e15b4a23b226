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

/** The page does not scroll sideways on a 390 px screen (the scrolling element is what a finger would drag). */
async function noSidewaysScroll(page: Page, what: string) {
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width, `${what} (${page.url()}) is ${width}px wide on a 390px screen`).toBeLessThanOrEqual(390);
}

async function heading(page: Page) {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`in ${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test("the admin's pages, the user menu, the org details with an SCP's JSON and the 404 page fit the screen", async ({ page }) => {
      await signInAs(page, USERS.ada);
      for (const path of [
        "/",
        "/organization",
        "/instances",
        "/sessions",
        "/audit",
        "/people",
        "/access",
        "/access/profiles",
        "/access/profiles/1",
        "/access/setup",
        "/access/explain?person=dana%40example.com&kind=shell&accountId=444444444444&instanceId=i-0b000000000000002&region=eu-west-1",
        "/cli",
        "/no-such-page",
      ]) {
        await page.goto(path);
        await heading(page);
        await noSidewaysScroll(page, path);
      }
      await page.goto("/");
      await page.getByRole("button", { name: "Ada Admin" }).tap();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
      await noSidewaysScroll(page, "user menu open");

      await page.goto("/organization");
      await expect(page.getByTestId("org-explorer")).toHaveAttribute("data-ready", "true");
      const tree = page.getByRole("tree", { name: /^Organization/ });
      const sandbox = tree.getByRole("treeitem", { name: /^Sandbox,/ });
      if ((await sandbox.getAttribute("aria-expanded")) !== "true") await sandbox.locator("> div").tap();
      await tree
        .getByRole("treeitem", { name: /^Developer Sandbox,/ })
        .locator("> div")
        .tap();
      const details = page.getByTestId("node-details");
      await details.getByRole("button", { name: "Show the JSON of RegionRestriction" }).tap();
      await expect(details.getByRole("region", { name: "RegionRestriction policy JSON" })).toBeVisible();
      await noSidewaysScroll(page, "organization with an SCP's JSON open");
    });

    test("the developer's console options, reason dialog and shell page fit the screen", async ({ page }) => {
      await signInAs(page, USERS.dana);
      await heading(page);
      await page
        .getByRole("button", { name: /^Console options for / })
        .first()
        .tap();
      await expect(page.getByTestId("console-options").first()).toBeVisible();
      await noSidewaysScroll(page, "overview with console options open");

      await expect(async () => {
        await page.goto("/instances");
        await expect(page.locator('[data-instance-id="i-0b000000000000001"]')).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 60_000 });
      await page.getByRole("button", { name: "Open shell on Develop (i-0b000000000000001)" }).tap();
      await expect(page.getByRole("dialog")).toBeInViewport({ ratio: 1 });
      await noSidewaysScroll(page, "reason dialog");
      await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: phone in " + colorScheme);
      await page.getByRole("button", { name: "Continue" }).tap();
      await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "open", { timeout: 20_000 });
      await noSidewaysScroll(page, "shell page");
    });

    test("the user with no access, the sign-in page and a refusal fit the screen", async ({ page, browser }) => {
      await page.goto("/signin");
      await noSidewaysScroll(page, "sign-in page");
      await signInAs(page, USERS.nora);
      await heading(page);
      await noSidewaysScroll(page, "no-access landing");
      const other = await browser.newContext({ colorScheme, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const refused = await other.newPage();
      await signInAs(refused, USERS.olaf);
      await expect(refused).toHaveURL(/\/signin\/refused/);
      await noSidewaysScroll(refused, "refused page");
      await other.close();
    });
  });
}
