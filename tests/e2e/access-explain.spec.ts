import { expect, signInAs, test, USERS } from "./helpers";

// Why, and why not, in Chromium: Ada asks why Dana cannot open a shell on the eu-west-1 Develop instance (Gatehouse's
// rules allow it; the API OU's NoSessionsInEuWest1 SCP refuses it) and sees the SCP named; Dana follows the "Why?"
// link of her own refusal and of an instance page, and has no person field to ask about others.

test("an administrator sees which SCP refuses what Gatehouse allows a developer", async ({ page }) => {
  await signInAs(page, USERS.ada, "/access");
  await page.getByRole("navigation", { name: "Access administration" }).getByRole("link", { name: "Why, and why not" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Why, and why not" })).toBeVisible();
  await page.getByLabel("Person").fill(USERS.dana.email);
  await page.getByRole("combobox", { name: "Request" }).selectOption("shell");
  await page.getByLabel("Account id").fill("444444444444");
  await page.getByLabel("Instance id").fill("i-0b000000000000002");
  await page.getByLabel("Region").fill("eu-west-1");
  await page.getByRole("button", { name: "Explain" }).click();
  await expect(page.getByTestId("explain-summary")).toContainText("an SCP refuses ssm:StartSession");
  await expect(page.getByTestId("explain-summary")).toContainText("NoSessionsInEuWest1 (attached to API, statement DenySessionsInEuWest1)");
  await expect(page.getByTestId("explain-hops").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByTestId("explain-scps").first()).toContainText("SCP NoSessionsInEuWest1 (p-nosessioneu1), attached to API");
  await expect(page.getByText("Profile developer reaches instance i-0b000000000000002")).toBeVisible();
});

test("a developer follows Why? from her own refusal, and may ask only about herself", async ({ page }) => {
  await signInAs(page, USERS.dana, "/accounts/333333333333/roles/Admin");
  await expect(page.getByTestId("access-refused")).toBeVisible();
  await page.getByTestId("access-explain-link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Why, and why not" })).toBeVisible();
  await expect(page.getByTestId("explain-summary")).toContainText("Gatehouse refuses:");
  await expect(page.getByText("Not asked: Gatehouse refuses the request")).toBeVisible();
  await expect(page.getByLabel("Person")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Access administration" })).toHaveCount(0);

  await page.goto("/instances/i-0b000000000000002?account=444444444444&region=eu-west-1");
  await page.getByRole("link", { name: "Shell refused by AWS? See why" }).click();
  await expect(page.getByTestId("explain-summary")).toContainText("NoSessionsInEuWest1");

  await page.goto("/access/explain?person=ada%40example.com&kind=console&accountId=444444444444&roleName=Admin");
  await expect(page.getByRole("alert").filter({ hasText: "You may ask why for yourself only" })).toBeVisible();
});
