import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { expect, signInAs, test, USERS } from "./helpers";

// Who can reach what: Ada (an administrator) asks who can open Admin in API Prod, reads the table and downloads the
// CSV; Dana (a developer) is told the page is for administrators and the API answers 403.

type Rule = { accounts?: "all" | string[]; ous?: string[]; excludeAccounts?: string[]; roles: string[] };
type Profile = { grantedTo: { groups?: string[]; users?: string[] }; accountRoles?: Rule[] };
const root = path.resolve(import.meta.dirname, "../..");
const profiles = (parse(readFileSync(path.join(root, "config/demo/access-profiles.yaml"), "utf8")) as { profiles: Profile[] }).profiles;
const groups = (parse(readFileSync(path.join(root, "config/demo/groups.yaml"), "utf8")) as { groups: Record<string, { members?: string[] }> }).groups;
const API_PROD = { id: "333333333333", ouPath: ["ou-gh00-service1", "ou-gh00-api00001"] };

/** The people the demo files grant Admin in API Prod to: members of the groups of every profile with such a rule. */
const adminInApiProd = (() => {
  const reaches = (rule: Rule) =>
    rule.roles.includes("Admin") &&
    !rule.excludeAccounts?.includes(API_PROD.id) &&
    (rule.accounts === "all" || rule.accounts?.includes(API_PROD.id) || rule.ous?.some((ou) => API_PROD.ouPath.includes(ou)));
  const granting = profiles.filter((profile) => profile.accountRoles?.some(reaches));
  const members = granting.flatMap((profile) => (profile.grantedTo.groups ?? []).flatMap((group) => groups[group]?.members ?? []));
  return [...new Set(members)].sort();
})();

test("an administrator asks who can open Admin in API Prod and exports the answer", async ({ page }) => {
  expect(adminInApiProd.length).toBeGreaterThan(0);
  await signInAs(page, USERS.ada);
  await page.getByRole("link", { name: "Who can reach what" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Who can reach what" })).toBeVisible();
  await expect(page.getByTestId("access-row").first()).toBeVisible();

  await page.getByLabel("Account id").fill(API_PROD.id);
  await page.getByLabel("Role").fill("Admin");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Who can open Admin in API Prod" })).toBeVisible();
  const emails = await page.getByTestId("access-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-email")));
  expect([...new Set(emails)].sort()).toEqual(adminInApiProd);

  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const file = await (await download).path();
  const lines = readFileSync(file, "utf8").trimEnd().split("\r\n");
  expect(lines[0]).toBe('"person","account_id","account_name","ou_path","role","profile","requires_reason","profile_version","generated_at"');
  expect(
    lines
      .slice(1)
      .map((line) => line.split(",")[0]!.replaceAll('"', ""))
      .sort(),
  ).toEqual(adminInApiProd);
  expect(lines.slice(1).every((line) => /"\d+ \(sha256:[0-9a-f]{64}\)","\d{4}-\d\d-\d\dT/.test(line))).toBe(true);

  const json = await page.request.get(`/api/admin/access/export?format=json&account=${API_PROD.id}&role=Admin`);
  expect(json.headers()["content-disposition"]).toMatch(/^attachment; filename="gatehouse-access-.*\.json"$/);
  expect(((await json.json()) as { people: { email: string }[] }).people.map((person) => person.email).sort()).toEqual(adminInApiProd);

  await page.goto("/access?account=12&role=Admin");
  await expect(page.getByRole("alert").filter({ hasText: "These filters cannot be used" })).toContainText("account");
  expect((await page.request.get("/api/admin/access?account=12")).status()).toBe(400);

  await page.goto("/access?person=nobody%40example.com");
  await expect(page.getByText("Nobody matches")).toBeVisible();
});

test("a developer is told the page is for administrators, and the API refuses", async ({ page }) => {
  await signInAs(page, USERS.dana);
  await expect(page.getByRole("link", { name: "Who can reach what" })).toHaveCount(0);
  await page.goto("/access");
  await expect(page.getByText("Only administrators can see who can reach what")).toBeVisible();
  expect((await page.request.get("/api/admin/access")).status()).toBe(403);
  expect((await page.request.get("/api/admin/access/export?format=csv")).status()).toBe(403);
});
