import type { Page } from "@playwright/test";
import { describeFinding, findAccessibilityProblems } from "./accessibility-check";
import { expect, signInAs, test, USERS } from "./helpers";

// axe-core (WCAG 2.0/2.1 A and AA, serious and critical) on every page as the admin, the developer, the user with
// no access and the refused users, with the dialogs open, in light and dark (the device's setting and the header's
// toggle) and on a 390×844 phone; the fixture in ./helpers checks each page on load as well, this names the states.
// Also: the theme toggle is remembered and rendered by the server, and every <time> on the pages is written one way.

const DEV = "i-0b000000000000001";
const SCHEMES = ["light", "dark"] as const;
const ADMIN_PAGES = [
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
];
const DEVELOPER_PAGES = [
  "/",
  "/organization",
  "/instances",
  "/sessions",
  "/audit",
  "/cli",
  "/access/explain?kind=console&accountId=333333333333&roleName=Admin",
];
// formatTime()'s one pattern, or its clock-only form for a moment within the next day (lib/util/format-time.ts).
const TIME_PATTERN = /^(\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, )?\d{2}:\d{2}(:\d{2})? UTC$/;

async function settle(page: Page) {
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
}

async function expectAccessible(page: Page, what: string) {
  await settle(page);
  const findings = await findAccessibilityProblems(page);
  expect(findings.map(describeFinding), `${what}: serious and critical axe findings`).toEqual([]);
}

async function visitEach(page: Page, paths: string[], scheme: (typeof SCHEMES)[number]) {
  await page.emulateMedia({ colorScheme: scheme });
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await expect(page.locator("html")).toHaveClass("system");
    expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(scheme === "dark");
    await expectAccessible(page, `${path} in ${scheme}`);
  }
}

async function openInstances(page: Page) {
  await expect(async () => {
    await page.goto("/instances");
    await expect(page.locator(`[data-instance-id="${DEV}"]`)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

const bodyColours = (page: Page) =>
  page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color }));

test("as the admin, every page in light and dark has no serious or critical axe finding", async ({ page }) => {
  test.slow();
  await signInAs(page, USERS.ada);
  for (const scheme of SCHEMES) await visitEach(page, ADMIN_PAGES, scheme);
});

test("the organization page with a node selected and an SCP's JSON open, in both schemes", async ({ page }) => {
  await signInAs(page, USERS.ada, "/organization");
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/organization");
    await expect(page.getByTestId("org-explorer")).toHaveAttribute("data-ready", "true");
    const tree = page.getByRole("tree", { name: /^Organization/ });
    const sandbox = tree.getByRole("treeitem", { name: /^Sandbox,/ });
    if ((await sandbox.getAttribute("aria-expanded")) !== "true") await sandbox.locator("> div").click();
    await expect(sandbox).toHaveAttribute("aria-expanded", "true");
    await tree
      .getByRole("treeitem", { name: /^Developer Sandbox,/ })
      .locator("> div")
      .click();
    const details = page.getByTestId("node-details");
    await expect(details.getByRole("heading", { level: 2 })).toHaveText("Developer Sandbox");
    await expectAccessible(page, `organization, account selected, ${scheme}`);
    await details.getByRole("button", { name: "Show the JSON of RegionRestriction" }).click();
    const json = details.getByRole("region", { name: "RegionRestriction policy JSON" });
    await expect(json).toContainText("DenyAllOutsideAllowedRegions");
    // The JSON scrolls, so it takes focus: a keyboard can scroll it.
    await json.focus();
    await expect(json).toBeFocused();
    await expectAccessible(page, `organization, node selected, JSON open, ${scheme}`);
  }
});

test("as the developer, every page, the reason dialog and the shell page in light and dark", async ({ page }) => {
  test.slow();
  await signInAs(page, USERS.dana);
  for (const scheme of SCHEMES) await visitEach(page, DEVELOPER_PAGES, scheme);
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await openInstances(page);
    await page.getByRole("button", { name: `Open shell on Develop (${DEV})` }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await expectAccessible(page, `reason dialog, ${scheme}`);
    if (scheme === "dark") {
      await page.getByRole("textbox", { name: /Reason/ }).fill("e2e: accessibility of the shell page");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByTestId("shell-status")).toHaveAttribute("data-phase", "open", { timeout: 20_000 });
      await expectAccessible(page, "shell page, dark");
      await page.emulateMedia({ colorScheme: "light" });
      await expectAccessible(page, "shell page, light");
    } else {
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog")).toBeHidden();
    }
  }
  // The sessions page with a live session: its Terminate button (which asks with the browser's own confirm dialog).
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/sessions");
    await expect(page.getByRole("button", { name: /^Terminate session / }).first()).toBeVisible();
    await expectAccessible(page, `sessions with a live session, ${scheme}`);
  }
});

test("the command-line login approval page, in light and dark", async ({ page }) => {
  const query = new URLSearchParams({
    redirect_uri: "http://127.0.0.1:9/callback",
    state: "s".repeat(43),
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
    device: "e2e-accessibility",
    code: "WDJB-MJHT",
  });
  await signInAs(page, USERS.dana, `/cli/login?${query}`);
  await expect(page.getByTestId("cli-device-name")).toHaveText("e2e-accessibility");
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
    await expectAccessible(page, `login approval, ${scheme}`);
  }
});

test("the user with no access and the refused users see accessible pages in light and dark", async ({ browser }) => {
  test.slow();
  for (const scheme of SCHEMES) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await signInAs(page, USERS.nora);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await expectAccessible(page, `no-access landing, ${scheme}`);
    for (const path of ["/organization", "/instances", "/sessions", "/cli"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectAccessible(page, `no-access ${path}, ${scheme}`);
    }
    await context.close();
    for (const who of [USERS.olaf, USERS.uma, USERS.gary]) {
      const refusedContext = await browser.newContext({ colorScheme: scheme });
      const refused = await refusedContext.newPage();
      await signInAs(refused, who);
      await expect(refused).toHaveURL(/\/signin\/refused/);
      await expectAccessible(refused, `${who.email} refused, ${scheme}`);
      await refusedContext.close();
    }
    const signedOut = await browser.newContext({ colorScheme: scheme });
    const signIn = await signedOut.newPage();
    await signIn.goto("/signin");
    await expectAccessible(signIn, `sign-in page, ${scheme}`);
    await signedOut.close();
  }
});

test("the header's theme toggle: Dark and Light override the device, are remembered, and the server renders them", async ({ page }) => {
  await signInAs(page, USERS.dana);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const light = await bodyColours(page);
  const theme = page.getByRole("group", { name: "Colour theme" });
  await expect(theme.getByRole("radio", { name: "System" })).toBeChecked();

  await theme.getByText("Dark").click();
  await expect(theme.getByRole("radio", { name: "Dark" })).toBeChecked();
  await expect(page.locator("html")).toHaveClass("dark");
  const dark = await bodyColours(page);
  expect(dark.background).not.toBe(light.background);
  expect(dark.text).not.toBe(light.text);
  await expectAccessible(page, "overview, Dark chosen on a light device");

  // Remembered, and in the server's HTML from the first byte (no flash of the light page).
  const html = await (await page.request.get("/instances")).text();
  expect(html).toMatch(/<html lang="en" class="dark"/);
  await page.goto("/instances");
  await expect(page.locator("html")).toHaveClass("dark");
  expect(await bodyColours(page)).toEqual(dark);
  await expect(theme.getByRole("radio", { name: "Dark" })).toBeChecked();

  // Light wins over a dark device; System follows it again.
  await page.emulateMedia({ colorScheme: "dark" });
  await theme.getByText("Light").click();
  await expect(page.locator("html")).toHaveClass("light");
  expect(await bodyColours(page)).toEqual(light);
  await expectAccessible(page, "instances, Light chosen on a dark device");
  await theme.getByText("System").click();
  await expect(page.locator("html")).toHaveClass("system");
  expect(await bodyColours(page)).toEqual(dark);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await bodyColours(page)).toEqual(light);

  // The keyboard reaches the toggle and arrows between its choices.
  await theme.getByRole("radio", { name: "System" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(theme.getByRole("radio", { name: "Light" })).toBeChecked();
  await expect(page.locator("html")).toHaveClass("light");
});

test("a tampered theme cookie renders the device's setting", async ({ page, context, baseURL }) => {
  await signInAs(page, USERS.dana);
  await context.addCookies([{ name: "gatehouse-theme", value: '"><script>alert(1)</script>', url: baseURL! }]);
  const html = await (await page.request.get("/")).text();
  expect(html).toMatch(/<html lang="en" class="system"/);
  expect(html).not.toContain("<script>alert(1)");
});

test("on a 390×844 phone, the pages and the reason dialog in light and dark", async ({ browser }) => {
  test.slow();
  for (const scheme of SCHEMES) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signInAs(page, USERS.dana);
    for (const path of DEVELOPER_PAGES) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectAccessible(page, `phone ${path}, ${scheme}`);
    }
    await openInstances(page);
    await page.getByRole("button", { name: `Open shell on Develop (${DEV})` }).tap();
    await expect(page.getByRole("dialog")).toBeVisible();
    await expectAccessible(page, `phone reason dialog, ${scheme}`);
    await context.close();
  }
});

test("every time on the pages is written one way (formatTime), the audit log's with seconds", async ({ page }) => {
  await signInAs(page, USERS.ada);
  // A session of Ada's own and an audit trail, so the sessions, audit and people pages have times to show.
  await openInstances(page);
  const texts: Array<{ path: string; text: string }> = [];
  for (const path of ["/", "/organization", "/instances", "/sessions", "/audit", "/people", "/cli"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await settle(page);
    for (const text of await page.locator("main time").allInnerTexts()) texts.push({ path, text: text.trim() });
  }
  const paths = new Set(texts.map((t) => t.path));
  for (const path of ["/", "/organization", "/instances", "/audit", "/people"]) expect(paths, `times shown on ${path}`).toContain(path);
  expect(texts.filter((t) => !TIME_PATTERN.test(t.text))).toEqual([]);
  const audit = texts.filter((t) => t.path === "/audit");
  expect(audit.every((t) => /:\d\d:\d\d UTC$/.test(t.text))).toBe(true);
  expect(texts.filter((t) => t.path !== "/audit").every((t) => !/:\d\d:\d\d UTC$/.test(t.text))).toBe(true);
});
