import { expect, signInAs, test, USERS } from "./helpers";

// The audit log page: people see their own events; administrators see everyone's and can filter them.

test("Nora sees only her own events", async ({ page }) => {
  await signInAs(page, USERS.nora);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByTestId("audit-scope")).toContainText("Your own events");
  await expect(page.getByRole("searchbox", { name: "Actor (email)" })).toHaveCount(0);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toContainText("nora@example.com");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("nora@example.com");
});

test("Ada sees everyone's events and filters them by actor, action and outcome", async ({ browser }) => {
  // Dana is refused a role, so there is a refusal of someone else's to find.
  const dana = await browser.newPage();
  await signInAs(dana, USERS.dana);
  // A refused console link lands on the role's page, which says why (the refusal is on record first).
  await dana.goto("/api/console/open?accountId=333333333333&roleName=Admin");
  await expect(dana).toHaveURL(/\/accounts\/333333333333\/roles\/Admin$/);
  await dana.close();

  const page = await browser.newPage();
  await signInAs(page, USERS.ada);
  await page.goto("/audit");
  await expect(page.getByTestId("audit-scope")).toContainText("Every user's events");
  await page.getByRole("searchbox", { name: "Actor (email)" }).fill("dana@");
  await page.getByRole("combobox", { name: "Action" }).selectOption("console.open");
  await page.getByRole("combobox", { name: "Outcome" }).selectOption("denied");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actor=dana%40&action=console.open&outcome=denied/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toContainText("dana@example.com");
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute("data-outcome", "denied");
    await expect(row).toHaveAttribute("data-action", "console.open");
  }

  await page.getByRole("combobox", { name: "Outcome" }).selectOption("error");
  await page.getByRole("searchbox", { name: "Actor (email)" }).fill("nobody-at-all@");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await page.close();
});

test("long values wrap inside the table, the page has one title, and shell session ids show", async ({ page }) => {
  await signInAs(page, USERS.dana);
  // A refused request whose values are one long word each (clipped by the audit log, still 1,000 characters).
  const long = "x".repeat(5000);
  const refused = await page.request.post("/api/console", { data: { accountId: "444444444444", roleName: "ReadOnly", reason: long } });
  expect(refused.status()).toBe(400);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/audit");
  await expect(page).toHaveTitle("Audit log · Gatehouse");
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  const widths = await page.evaluate(() => ({
    table: document.querySelector('[data-testid="audit-table"]')!.scrollWidth,
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  // Before, one long value made the table 145,578 px wide.
  expect(widths.table).toBeLessThan(3000);
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  // The table scrolls sideways inside its own region, which the keyboard can reach.
  await expect(page.getByRole("region", { name: "Audit events" })).toHaveAttribute("tabindex", "0");
  await expect(page.getByRole("columnheader", { name: "Session" })).toBeVisible();
});
