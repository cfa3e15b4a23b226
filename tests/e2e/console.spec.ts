import type { Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// Opening the AWS console from Gatehouse as people do it: the Overview lists the roles they may open, the button
// signs them in through the (sandbox) federation endpoint, and the console page names the role and their session.

// Scoped to "Your access": the same role may also sit among favourites and recent roles above it.
const openButton = (page: Page, role: string, account: string, id: string) =>
  page.getByTestId("your-access").getByRole("button", { name: `Open console as ${role} in ${account} (${id})` });

/** The organization is synced when the demo starts; until then Your access is empty, so reload until the role shows. */
async function waitForRole(page: Page, role: string, account: string, id: string) {
  await expect(async () => {
    await page.goto("/");
    await expect(openButton(page, role, account, id)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

test("Ada opens the console as Admin in API Prod from the Overview and lands on the console as herself", async ({ page }) => {
  await signInAs(page, USERS.ada);
  await waitForRole(page, "Admin", "API Prod", "333333333333");
  await expect(page.getByTestId("your-access")).toContainText("Developer Sandbox");
  const gatehouse = page.url();
  const popup = page.waitForEvent("popup");
  await openButton(page, "Admin", "API Prod", "333333333333").click();
  const consoleTab = await popup;
  await consoleTab.waitForURL(/\/console\?session=/);
  await expect(consoleTab.getByTestId("console-title")).toHaveText("AWS Management Console (Gatehouse sandbox)");
  await expect(consoleTab.getByTestId("console-account")).toHaveText("333333333333");
  await expect(consoleTab.getByTestId("console-role")).toHaveText("Admin");
  await expect(consoleTab.getByTestId("console-session-name")).toHaveText("ada@example.com");
  await expect(consoleTab.getByTestId("console-source-identity")).toHaveText("ada@example.com");
  // The console tab cannot reach back into Gatehouse.
  expect(await consoleTab.evaluate(() => window.opener === null)).toBe(true);

  // The Gatehouse tab stays where it was and says when the console session really ends: the console's own expiry.
  expect(page.url()).toBe(gatehouse);
  const shown = page.getByTestId("your-access").getByTestId("console-opened");
  await expect(shown).toContainText("opened in a new tab");
  const consoleEnds = Date.parse((await consoleTab.getByTestId("console-expires").textContent()) ?? "");
  const shownEnds = Date.parse((await shown.getByTestId("console-session-end").getAttribute("datetime")) ?? "");
  expect(Math.abs(shownEnds - consoleEnds)).toBeLessThan(2_000);
  expect(consoleEnds - Date.now()).toBeGreaterThan(55 * 60_000);
  await expect(shown.getByTestId("console-session-end")).toHaveText(/^\d\d:\d\d UTC$/);
});

test("Dana opens Developer in API Dev on a chosen service page, and it becomes a recent role", async ({ page }) => {
  await signInAs(page, USERS.dana);
  await waitForRole(page, "Developer", "API Dev", "444444444444");
  // Dana's profile grants no Admin role anywhere, so the page offers none.
  await expect(page.getByRole("button", { name: /Open console as Admin/ })).toHaveCount(0);

  const access = page.getByTestId("access-444444444444");
  await access.getByRole("button", { name: "Console options for Developer in API Dev (444444444444)" }).click();
  const options = access.getByTestId("console-options");
  await expect(options.getByTestId("console-session-length")).toContainText("1 hour");
  await options.getByRole("combobox", { name: "Land on" }).selectOption("ec2");
  await options.getByRole("combobox", { name: "Region" }).selectOption("eu-west-1");
  const popup = page.waitForEvent("popup");
  await openButton(page, "Developer", "API Dev", "444444444444").click();
  const consoleTab = await popup;
  await consoleTab.waitForURL(/\/console\?session=/);
  await expect(consoleTab.getByTestId("console-role")).toHaveText("Developer");
  await expect(consoleTab.getByTestId("console-session-name")).toHaveText("dana@example.com");
  await expect(consoleTab.getByTestId("console-destination")).toHaveText("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:");

  await page.goto("/");
  await expect(page.getByTestId("recent-roles")).toContainText("Developer");
  await expect(page.getByTestId("recent-roles")).toContainText("API Dev");
});

test("Dana marks a role as a favourite and it is listed at the top", async ({ page }) => {
  await signInAs(page, USERS.dana);
  await waitForRole(page, "ReadOnly", "Developer Sandbox", "555555555555");
  const access = page.getByTestId("access-555555555555");
  await access.getByRole("button", { name: "Console options for ReadOnly in Developer Sandbox (555555555555)" }).click();
  await access.getByRole("button", { name: "Favourite ReadOnly in Developer Sandbox (555555555555)" }).click();
  await expect(page.getByTestId("favourite-roles")).toContainText("ReadOnly");
  await expect(page.getByTestId("favourite-roles")).toContainText("Developer Sandbox");
  await expect(access.getByTestId("switch-role-link")).toHaveAttribute("href", /\/switchrole\?account=555555555555&roleName=ReadOnly&displayName=ReadOnly/);
});

test("Dana's hand-made link to Admin in API Prod is refused with a clear message and shows in her audit log", async ({ page }) => {
  await signInAs(page, USERS.dana);
  await waitForRole(page, "ReadOnly", "API Prod", "333333333333");
  await page.goto("/api/console/open?accountId=333333333333&roleName=Admin");
  // The role's page explains the refusal (tests/e2e/links.spec.ts checks its alternatives).
  await expect(page).toHaveURL(/\/accounts\/333333333333\/roles\/Admin$/);
  await expect(page.getByTestId("access-refused-reason")).toHaveText(
    "Your profiles (developer) do not grant role Admin in account 333333333333 (API Prod). They grant ReadOnly there.",
  );

  await page.getByRole("link", { name: "Your audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  const refusal = page.getByTestId("audit-row").filter({ hasText: "333333333333" }).filter({ hasText: "Admin" });
  await expect(refusal.first()).toHaveAttribute("data-outcome", "denied");
  await expect(refusal.first()).toContainText("do not grant role Admin");
  await expect(refusal.first()).toContainText("console.open");
});

test("a malformed account id is refused with 400 and says which field is wrong", async ({ page }) => {
  await signInAs(page, USERS.dana);
  const response = await page.goto("/api/console/open?accountId=12345&roleName=Developer");
  expect(response?.status()).toBe(400);
  await expect(page.getByTestId("console-open-error")).toContainText("Invalid accountId: expected a 12-digit AWS account id");
});
