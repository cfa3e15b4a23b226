import type { Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// The instances page as people see it: each user only the instances their access profile reaches, with filters and
// search that narrow the table.

const rows = (page: Page) => page.getByTestId("instance-row");
const rowIds = async (page: Page) => (await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute("data-instance-id")))).sort();

/** The organization is synced when the demo starts; until then the page is empty, so reload until it is not. */
async function openInstances(page: Page, expected: number) {
  await expect(async () => {
    await page.goto("/instances");
    await expect(rows(page)).toHaveCount(expected, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

test("Dana sees only Develop instances, and filters and search narrow them", async ({ page }) => {
  await signInAs(page, USERS.dana, "/instances");
  await openInstances(page, 4);
  expect(await rowIds(page)).toEqual(["i-0b000000000000001", "i-0b000000000000002", "i-0c000000000000001", "i-0c000000000000003"]);
  await expect(page.getByTestId("instances-table")).not.toContainText("Production");
  await expect(page.getByTestId("instances-table")).not.toContainText("(no Name tag)");
  await expect(page.getByTestId("instance-count")).toContainText("4 instances in 2 accounts");

  await page.getByRole("combobox", { name: "Region" }).selectOption("eu-west-1");
  expect(await rowIds(page)).toEqual(["i-0b000000000000002"]);
  await page.getByRole("combobox", { name: "Region" }).selectOption("");

  await page.getByRole("combobox", { name: "Status" }).selectOption("ConnectionLost");
  expect(await rowIds(page)).toEqual(["i-0c000000000000003"]);
  await page.getByRole("combobox", { name: "Status" }).selectOption("");

  await page.getByRole("combobox", { name: "Account" }).selectOption("555555555555");
  expect(await rowIds(page)).toEqual(["i-0c000000000000001", "i-0c000000000000003"]);
  await page.getByRole("combobox", { name: "Account" }).selectOption("");

  await page.getByRole("searchbox", { name: "Search" }).fill("10.50.1.31");
  expect(await rowIds(page)).toEqual(["i-0c000000000000001"]);
  await expect(page.getByTestId("instance-count")).toContainText("1 of 4 instances");
  await page.getByRole("searchbox", { name: "Search" }).fill("nothing-matches-this");
  await expect(page.getByText("No instances match")).toBeVisible();
});

test("Ada sees every instance, the untagged one as (no Name tag), and the tag filter finds it", async ({ page }) => {
  await signInAs(page, USERS.ada, "/instances");
  await openInstances(page, 6);
  expect(await rowIds(page)).toEqual([
    "i-0a000000000000001",
    "i-0b000000000000001",
    "i-0b000000000000002",
    "i-0c000000000000001",
    "i-0c000000000000003",
    "mi-0c000000000000002",
  ]);
  await expect(page.locator('[data-instance-id="mi-0c000000000000002"]')).toContainText("(no Name tag)");

  await page.getByRole("combobox", { name: "Tag" }).selectOption("Location=office-lab");
  expect(await rowIds(page)).toEqual(["mi-0c000000000000002"]);
  await page.getByRole("combobox", { name: "Tag" }).selectOption("");

  await page.getByRole("searchbox", { name: "Search" }).fill("production");
  expect(await rowIds(page)).toEqual(["i-0a000000000000001"]);
});

test("someone without an access profile is told there is nothing to list", async ({ page }) => {
  await signInAs(page, USERS.nora, "/instances");
  await expect(page.getByText("No instances to show")).toBeVisible();
});

test("each instance shows the gatehouse commands to reach it from a terminal, ready to copy", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAs(page, USERS.dana, "/instances");
  const row = page.locator('[data-instance-id="i-0b000000000000001"]');
  await expect(async () => {
    await page.goto("/instances");
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await row.getByText("Command line").click();
  await expect(row.getByTestId("terminal-commands")).toContainText("gatehouse shell i-0b000000000000001");
  await expect(row.getByTestId("terminal-commands")).toContainText("gatehouse forward i-0b000000000000001 --remote-port 5432");
  await row.getByRole("button", { name: "Copy gatehouse shell i-0b000000000000001" }).click();
  await expect(row.getByRole("status").filter({ hasText: "Copied." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("gatehouse shell i-0b000000000000001");
});
