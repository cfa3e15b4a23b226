import { expect, signInAs, test, USERS } from "./helpers";

// Query values anyone can type at the sign-in pages: Object.prototype's keys, repeated keys, huge and malformed
// values, off-site callback URLs. Each must give the normal page with a generic text: never a 500, never a redirect
// off Gatehouse.

const longValue = "A".repeat(4000);

const refused = [
  "/signin/refused?reason=__proto__",
  "/signin/refused?reason=constructor",
  "/signin/refused?reason=toString&account=someone%40example.com",
  "/signin/refused?reason=hasOwnProperty",
  "/signin/refused?reason=valueOf",
  "/signin/refused?reason=a&reason=b",
  `/signin/refused?reason=${longValue}`,
  "/signin/refused?reason=__proto__&account=__proto__&account=x",
];

for (const path of refused) {
  test(`the refused page gives a generic reason for ${path.slice(0, 80)}`, async ({ page, baseURL }) => {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page.getByRole("heading", { name: "Sign-in refused" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Gatehouse refused this sign-in." })).toBeVisible();
    await expect(page.getByTestId("refusal-reason")).toHaveAttribute("data-reason", "unknown");
  });
}

const signIn = [
  { path: "/signin?error=constructor", error: true },
  { path: "/signin?error=__proto__&callbackUrl=%E0%A4%A", error: true },
  { path: "/signin?error=toString", error: true },
  { path: "/signin?error=hasOwnProperty&error=valueOf", error: true },
  { path: `/signin?error=${longValue}`, error: true },
  { path: "/signin?callbackUrl=//evil.example", error: false },
  { path: "/signin?callbackUrl=https://evil.example/phish&callbackUrl=/", error: false },
];

for (const { path, error } of signIn) {
  test(`the sign-in page stays up for ${path.slice(0, 80)}`, async ({ page, baseURL }) => {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    expect(new URL(page.url()).pathname).toBe("/signin");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with Google" })).toBeVisible();
    const notice = page.getByRole("alert").filter({ hasText: "Couldn't sign you in" });
    if (error) await expect(notice).toContainText("Sign-in failed. Please try again.");
    else await expect(notice).toHaveCount(0);
  });
}

test("signing in from /signin?callbackUrl=//evil.example lands on Gatehouse's home page", async ({ page, baseURL }) => {
  await signInAs(page, USERS.ada, "/signin?callbackUrl=//evil.example");
  await expect(page).toHaveURL(`${baseURL}/`);
  // Signed in, the sign-in page redirects to the callback at once: still only to a path on Gatehouse.
  await page.goto("/signin?callbackUrl=//evil.example");
  await expect(page).toHaveURL(`${baseURL}/`);
});
