import { expect, test } from "./helpers";

test("pages redirect anonymous visitors to sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
  await expect(page.getByRole("button", { name: "Sign in with Google" })).toBeVisible();
});

test("APIs other than health refuse anonymous callers with 401", async ({ request }) => {
  const api = await request.get("/api/anything");
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({ error: "unauthenticated" });
  const session = await request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
});

test("health answers without a session: one word per dependency, and nothing about the broker", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.text();
  expect(JSON.parse(body)).toEqual({ status: "ok", database: "ok", aws: "ok" });
  expect(body).not.toContain("111111111111");
});

test("an unknown page shows the 404 page", async ({ page }) => {
  const res = await page.goto("/signin/nope");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle("Page not found · Gatehouse");
  const pages = page.getByRole("navigation", { name: "Gatehouse pages" });
  await expect(pages.getByRole("link", { name: "Instances" })).toHaveAttribute("href", "/instances");
});

test("a forged session cookie is not a session", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "next-auth.session-token", value: "forged.jwt.value", url: baseURL! }]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});
