import { expect, signInAs, test, USERS } from "./helpers";

test("a Workspace user signs in through Google, sees name and groups, and signs out", async ({ page }) => {
  await signInAs(page, USERS.ada);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Admin" })).toBeVisible();
  await expect(page.getByTestId("overview-email")).toHaveText("ada@example.com");
  await expect(page.getByTestId("overview-groups")).toContainText("admins@example.com");
  await expect(page.getByTestId("overview-groups")).toContainText("engineering@example.com");

  await page.getByRole("button", { name: "Ada Admin" }).click();
  await expect(page.getByRole("list", { name: "Your Google groups" })).toContainText("admins@example.com");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F/);
});

test("after sign-in the person lands on the page they asked for", async ({ page }) => {
  await signInAs(page, USERS.dana, "/?from=bookmark");
  await expect(page).toHaveURL(/\/\?from=bookmark$/);
  await expect(page.getByRole("heading", { name: "Welcome, Dana Developer" })).toBeVisible();
});

test("a user in no groups gets in but is told they have no access yet", async ({ page }) => {
  await signInAs(page, USERS.nora);
  await expect(page.getByTestId("overview-groups")).toContainText("no AWS access yet");
});

const refusals = [
  { who: USERS.olaf, reason: "foreign-domain", text: "not from an allowed Workspace domain" },
  { who: USERS.uma, reason: "email-unverified", text: "isn't verified" },
  { who: USERS.gary, reason: "no-hosted-domain", text: "Personal Google accounts can't sign in" },
] as const;

for (const { who, reason, text } of refusals) {
  test(`${who.email} is refused (${reason}) with the reason on the page`, async ({ page }) => {
    await signInAs(page, who);
    await expect(page).toHaveURL(/\/signin\/refused/);
    await expect(page.getByRole("alert").filter({ hasText: text })).toBeVisible();
    await expect(page.getByTestId("refusal-reason")).toHaveAttribute("data-reason", reason);
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  });
}

test("cancelling Google's account chooser says so, and signing in again works", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.getByRole("button", { name: "Cancel and go back" }).click();
  await expect(page).toHaveURL(/\/signin\?error=Cancelled/);
  await expect(page.getByText("You cancelled signing in with Google")).toBeVisible();
  await expect(page.getByText("could not be checked")).toHaveCount(0);
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.getByRole("button", { name: `${USERS.dana.name} ${USERS.dana.email}` }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Dana Developer" })).toBeVisible();
});
