import type { Browser, Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// Addresses people follow and share (issue 10, links and dead ends): signed out, they sign in and continue to the
// same address; the organization's selected node and the instance filters live in the address; a copied instance
// link is checked against whoever opens it; a refusal offers what the person can do instead; someone with no access
// lands on an overview that says so, and the navigation offers only pages they can use.

const DEV = "i-0b000000000000001";
const PROD = "i-0a000000000000001";
const tree = (page: Page) => page.getByRole("tree", { name: /^Organization/ });
const item = (page: Page, name: string) => tree(page).getByRole("treeitem", { name: new RegExp(`^${name},`) });

/** The organization is synced when the demo starts; until then pages are empty, so reload until `ready` shows. */
async function reloadUntil(page: Page, path: string, ready: () => Promise<void>) {
  await expect(async () => {
    await page.goto(path);
    await ready();
  }).toPass({ timeout: 60_000 });
}

async function signedInPage(browser: Browser, user: (typeof USERS)[keyof typeof USERS], startPath: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, user, startPath);
  return { context, page };
}

test("a signed-out deep link to a role goes through Google sign-in and lands on that role", async ({ page }) => {
  const role = "/accounts/444444444444/roles/Developer";
  await signInAs(page, USERS.dana, role);
  await expect(page).toHaveURL(new RegExp(`${role}$`));
  await reloadUntil(page, role, () => expect(page.getByRole("heading", { level: 1 })).toHaveText("Developer in API Dev (444444444444)", { timeout: 2_000 }));
  await expect(page.getByRole("button", { name: "Open console as Developer in API Dev (444444444444)" })).toBeVisible();
});

test("'Open in a new tab' signed out signs in and continues to the role, one click from its console, instead of answering 401 JSON", async ({ page }) => {
  const link = "/api/console/open?accountId=444444444444&roleName=Developer";
  await signInAs(page, USERS.dana, link);
  // Back from Google is a cross-site navigation, which may not sign anyone in to AWS: it lands on the role's page.
  await expect(page).toHaveURL(/\/accounts\/444444444444\/roles\/Developer$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Developer in API Dev (444444444444)");
  const popup = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Open console as Developer in API Dev (444444444444)" }).click();
  const consoleTab = await popup;
  await consoleTab.waitForURL(/\/console\?session=/);
  await expect(consoleTab.getByTestId("console-role")).toHaveText("Developer");
  await expect(consoleTab.getByTestId("console-account")).toHaveText("444444444444");
});

test("a callback to another site after sign-in lands on Gatehouse's home page", async ({ page, baseURL }) => {
  await signInAs(page, USERS.ada, `/signin?callbackUrl=${encodeURIComponent("/\\evil.example")}`);
  await page.waitForURL((url) => url.origin === new URL(baseURL!).origin && url.pathname === "/");
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("javascript:alert(1)")}`);
  await expect(page).toHaveURL(new RegExp(`^${baseURL}/$`));
});

test("selecting an org node puts it in the address, and reloading the address shows the same node", async ({ page }) => {
  await signInAs(page, USERS.ada, "/organization");
  await reloadUntil(page, "/organization", () => expect(item(page, "Service")).toBeVisible({ timeout: 2_000 }));
  await expect(page.getByTestId("org-explorer")).toHaveAttribute("data-ready", "true");
  await item(page, "Service").locator("> div").click();
  await item(page, "API").locator("> div").click();
  await item(page, "API Dev").locator("> div").click();
  await expect(page).toHaveURL(/\/organization\?node=444444444444$/);

  await page.reload();
  await expect(page.getByTestId("node-details").getByRole("heading", { level: 2 })).toHaveText("API Dev");
  // The tree opens down to the node, selected.
  await expect(item(page, "API Dev")).toHaveAttribute("aria-selected", "true");
});

test("instance filters are in the address, and the address restores them", async ({ page }) => {
  await signInAs(page, USERS.ada, "/instances");
  const rows = page.getByTestId("instance-row");
  await reloadUntil(page, "/instances", () => expect(page.locator(`[data-instance-id="${PROD}"]`)).toBeVisible({ timeout: 2_000 }));
  await page.getByRole("combobox", { name: "Account" }).selectOption("333333333333");
  await page.getByRole("searchbox", { name: "Search" }).fill("production");
  await expect(page).toHaveURL(/\/instances\?account=333333333333&q=production$/);
  await expect(rows).toHaveCount(1);

  await page.reload();
  await expect(page.getByRole("combobox", { name: "Account" })).toHaveValue("333333333333");
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("production");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-instance-id", PROD);
});

test("a copied instance link is checked against whoever opens it: Dana is refused Production and told what she can do", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAs(page, USERS.ada, "/instances");
  const prodRow = page.locator(`[data-instance-id="${PROD}"]`);
  await reloadUntil(page, "/instances", () => expect(prodRow).toBeVisible({ timeout: 2_000 }));
  await prodRow.getByRole("button", { name: `Copy link to Production (${PROD})` }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${baseURL}/instances/${PROD}?account=333333333333&region=us-east-1`);

  // Ada's own profile reaches it: the instance's page, with its ways in.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(PROD);
  await expect(page.getByTestId("instance-details")).toContainText("API Prod (333333333333)");
  await expect(page.getByRole("button", { name: `Open shell on Production (${PROD})` })).toBeVisible();

  // Dana, signing in from the link, is refused on the server, with a reason and alternatives, never the instance.
  const dana = await signedInPage(browser, USERS.dana, link);
  await expect(dana.page).toHaveURL(link);
  await expect(dana.page.getByRole("heading", { level: 1 })).toHaveText(`You may not reach instance ${PROD}`);
  await expect(dana.page.getByTestId("access-refused-reason")).toHaveText(
    "Your profiles (developer) do not reach any instance in account 333333333333 (API Prod).",
  );
  await expect(dana.page.getByTestId("instance-details")).toHaveCount(0);
  await expect(dana.page.getByRole("button", { name: /Open shell/ })).toHaveCount(0);
  await expect(dana.page.getByTestId("access-alternatives").getByRole("link", { name: "Console as ReadOnly in API Prod" })).toBeVisible();
  await expect(dana.page.getByTestId("access-request")).toContainText("admins@example.com");

  // A link to an instance her profile does allow opens for her.
  await dana.page.goto(`/instances/${DEV}?account=444444444444&region=us-east-1`);
  await expect(dana.page.getByRole("button", { name: `Open shell on Develop (${DEV})` })).toBeVisible();
  await expect(dana.page.getByTestId("instance-details")).toContainText("Developer (your profile asks for a reason)");
  await dana.context.close();
});

test("a refused console link shows the roles Dana does have in that account, a way to ask, and the way back", async ({ page }) => {
  await signInAs(page, USERS.dana);
  await reloadUntil(page, "/accounts/333333333333", () => expect(page.getByRole("heading", { level: 1 })).toContainText("API Prod", { timeout: 2_000 }));
  await page.goto("/api/console/open?accountId=333333333333&roleName=Admin");
  await expect(page).toHaveURL(/\/accounts\/333333333333\/roles\/Admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You may not open Admin in API Prod");
  await expect(page.getByTestId("access-refused-reason")).toHaveText(
    "Your profiles (developer) do not grant role Admin in account 333333333333 (API Prod). They grant ReadOnly there.",
  );
  await expect(page.getByTestId("access-request")).toContainText("admins: admins@example.com");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByTestId("access-alternatives").getByRole("link", { name: "ReadOnly in API Prod" }).click();
  await expect(page).toHaveURL(/\/accounts\/333333333333\/roles\/ReadOnly$/);
  await expect(page.getByRole("button", { name: "Open console as ReadOnly in API Prod (333333333333)" })).toBeVisible();
});

test("the user with no access lands on an overview that says so, and the navigation offers no page she cannot use", async ({ page }) => {
  await signInAs(page, USERS.nora);
  await expect(page.getByTestId("no-aws-access")).toHaveText("You have no AWS access yet");
  await expect(page.getByTestId("your-access-empty")).toContainText("admins@example.com");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Organization" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Instances" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Organization" })).toHaveCount(0);
});
