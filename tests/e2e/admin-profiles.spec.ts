import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, signInAs, test, USERS } from "./helpers";

// Profile versions on the admin pages, in Chromium: Ada sees an error by line and field (and the button puts the
// caret on that line), previews who gains what, applies a version and restores the one before. The other browser
// tests run beside this one on the same server, so what is applied changes nobody's access: a comment, then the
// restore of the version before it. The preview of a real change is shown but not applied.

const root = path.resolve(import.meta.dirname, "../..");
const demoText = readFileSync(path.join(root, "config/demo/access-profiles.yaml"), "utf8");
const badLine = demoText.split("\n").findIndex((line) => line.includes("role/CustodianDeveloper")) + 1;

test("an administrator previews, applies and restores a version of the profiles", async ({ page }) => {
  await signInAs(page, USERS.ada, "/access/profiles");
  await expect(page.getByRole("heading", { level: 1, name: "Access profiles" })).toBeVisible();
  const inForce = Number((await page.getByTestId("version-in-force").textContent())!.match(/Version (\d+) is in force/)![1]);
  const text = page.getByTestId("policy-text");
  const original = await text.inputValue();
  expect(original).toContain("profiles:");

  // An error: line and field, and a click puts the caret on that line.
  await text.fill(original.replace("role/CustodianDeveloper", "user/CustodianDeveloper"));
  await page.getByRole("button", { name: "Preview changes" }).click();
  const issues = page.getByTestId("policy-issues");
  await expect(issues).toContainText(`Line ${badLine}`);
  await expect(issues).toContainText("profiles[1].custodianRole");
  await issues.getByRole("button").first().click();
  const caretLine = await text.evaluate((area: HTMLTextAreaElement) => area.value.slice(0, area.selectionStart).split("\n").length);
  expect(caretLine).toBe(badLine);
  await expect(page.getByRole("button", { name: /Apply as version/ })).toHaveCount(0);

  // A real change, previewed only: Dana would gain Admin in API Dev and API Dev's sandbox twin.
  await text.fill(original.replace("roles: [Developer] }", "roles: [Developer, Admin] }"));
  await page.getByRole("button", { name: "Preview changes" }).click();
  const diff = page.getByTestId("access-diff");
  await expect(diff).toContainText("dana@example.com");
  await expect(diff).toContainText("gains Admin in");
  await expect(diff).toContainText("(444444444444)");
  await expect(page.getByRole("button", { name: `Apply as version ${inForce + 1}` })).toBeVisible();

  // Editing after a preview withdraws the Apply button until the next preview.
  await text.fill(`${original.trimEnd()}\n# reviewed by the e2e test\n`);
  await expect(page.getByText("The text changed since the preview")).toBeVisible();
  await expect(page.getByRole("button", { name: /Apply as version/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(diff).toContainText("No change in effective access");
  await page.getByLabel("What is this change for?").fill("A reviewer's note");
  await page.getByRole("button", { name: `Apply as version ${inForce + 1}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Version ${inForce + 1} is in force` })).toBeVisible();
  await expect(page.getByTestId("version-in-force")).toContainText(`Version ${inForce + 1} is in force: A reviewer's note`);
  await expect(page.getByTestId("profile-versions").getByRole("row").nth(1)).toContainText("A reviewer's note");

  // Restore the version before it.
  await page.getByRole("link", { name: `Version ${inForce}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Version ${inForce}` })).toBeVisible();
  await expect(page.getByTestId("version-text")).toHaveText(original);
  await page.getByRole("button", { name: `Preview restoring version ${inForce}` }).click();
  await expect(page.getByTestId("access-diff")).toContainText("No change in effective access");
  await page.getByRole("button", { name: `Restore as version ${inForce + 2}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Version ${inForce + 2} is in force` })).toBeVisible();
  await page.getByRole("link", { name: "← Access profiles" }).click();
  await expect(page.getByTestId("version-in-force")).toContainText(`Version ${inForce + 2} is in force: Restore version ${inForce}`);
  await expect(page.getByTestId("policy-text")).toHaveValue(original);
});

test("a developer is told the profile pages are for administrators", async ({ page }) => {
  await signInAs(page, USERS.dana, "/access/profiles");
  await expect(page.getByRole("status").filter({ hasText: "Only administrators can change the access profiles" })).toBeVisible();
  await expect(page.getByTestId("policy-text")).toHaveCount(0);
  await page.goto("/access/profiles/1");
  await expect(page.getByRole("status").filter({ hasText: "Only administrators can see profile versions" })).toBeVisible();
  await expect(page.getByTestId("version-text")).toHaveCount(0);
});
