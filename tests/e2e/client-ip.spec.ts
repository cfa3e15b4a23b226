import { expect, signInAs, test, USERS } from "./helpers";

// The audit's source IP is the TCP peer that Gatehouse's own server saw (TRUSTED_PROXY_HOPS is 0 here), not an
// address the client wrote into X-Forwarded-For, nor one it wrote into the server's own peer header.

test("a forged X-Forwarded-For is not recorded as the source IP; the socket address is", async ({ page, baseURL }) => {
  await signInAs(page, USERS.dana);
  await expect(page.getByRole("heading", { name: "Welcome, Dana Developer" })).toBeVisible();

  // A role Dana may not open: refused, and audited with the request's source IP. The reason makes the row findable.
  const reason = `client-ip check ${Date.now()}`;
  const refused = await page.request.post("/api/console", {
    headers: { Origin: new URL(baseURL!).origin, "X-Forwarded-For": "203.0.113.9", "X-Gatehouse-Peer": "198.51.100.66" },
    data: { accountId: "333333333333", roleName: "Admin", reason },
  });
  expect(refused.status()).toBe(403);

  await page.goto("/audit");
  const row = page.getByTestId("audit-row").filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-outcome", "denied");
  const text = await row.innerText();
  expect(text).not.toContain("203.0.113.9");
  expect(text).not.toContain("198.51.100.66");
  expect(text).toMatch(/\b127\.0\.0\.1\b|::1\b/);
});
