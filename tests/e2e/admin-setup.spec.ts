import { readFileSync } from "node:fs";
import { describeFinding, findAccessibilityProblems } from "./accessibility-check";
import { expect, signInAs, test, USERS } from "./helpers";

// The roles in AWS: Ada downloads the generated templates and runs the setup check on the demo sandbox (every hop
// works); Dana is told the page is for administrators and both APIs answer 403.

test("an administrator downloads the templates and runs the setup check: all green", async ({ page }) => {
  await signInAs(page, USERS.ada);
  await page.goto("/access/setup");
  await expect(page.getByRole("heading", { level: 1, name: "The roles in AWS" })).toBeVisible();
  await expect(page.getByRole("link", { name: "AWS roles" })).toHaveAttribute("aria-current", "page");

  const download = page.waitForEvent("download");
  await page.getByTestId("template-custodian").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("gatehouse-custodian-roles.template.json");
  const template = JSON.parse(readFileSync(await file.path(), "utf8")) as { Resources: Record<string, { Type: string; Properties: { RoleName: string } }> };
  expect(Object.values(template.Resources).map((r) => [r.Type, r.Properties.RoleName])).toEqual([
    ["AWS::IAM::Role", "CustodianAdmin"],
    ["AWS::IAM::Role", "CustodianDeveloper"],
  ]);

  const targets = await page.request.get("/api/admin/iam-template?kind=targets");
  expect(targets.status()).toBe(200);
  expect(JSON.stringify(await targets.json())).toContain("SERVICE_MANAGED");

  await page.getByRole("button", { name: "Run setup check" }).click();
  await expect(page.getByTestId("setup-summary")).toHaveText(/^All \d+ hops work\.$/);
  await expect(page.getByTestId("setup-profile-developer")).toContainText("Custodian → Developer: 2 accounts OK");
  await expect(page.getByTestId("broken-hop")).toHaveCount(0);
});

test("a developer is told the page is for administrators, and the APIs refuse", async ({ page }) => {
  await signInAs(page, USERS.dana);
  await page.goto("/access/setup");
  await expect(page.getByText("Only administrators can see the AWS roles")).toBeVisible();
  await expect(page.getByRole("button", { name: "Run setup check" })).toHaveCount(0);
  expect((await page.request.get("/api/admin/iam-template?kind=custodian")).status()).toBe(403);
  expect((await page.request.post("/api/admin/setup-check", { data: {} })).status()).toBe(403);
});

test("on a 390-pixel phone the page and the report fit and have no serious axe findings", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInAs(page, USERS.ada);
  await page.goto("/access/setup");
  await page.getByRole("button", { name: "Run setup check" }).tap();
  await expect(page.getByTestId("setup-summary")).toHaveText(/^All \d+ hops work\.$/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect((await findAccessibilityProblems(page)).map(describeFinding)).toEqual([]);
  await context.close();
});
