import { expect, signInAs, test, USERS } from "./helpers";

// Sign-out and "End all sessions" end a session on the server: a copy of the session cookie taken before stops
// working at once (it would otherwise last until the cookie expires, 8 hours later).

test("a session cookie copied before sign-out no longer works after it", async ({ page, browser, baseURL }) => {
  await signInAs(page, USERS.dana);
  await expect(page.getByTestId("overview-email")).toHaveText(USERS.dana.email);
  const copied = await page.context().cookies();
  expect((await page.request.get("/api/instances")).status()).toBe(200);

  await page.getByRole("button", { name: /Dana Developer|account menu/i }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  // Someone replays the copied cookie from another browser.
  const replay = await browser.newContext({ baseURL });
  await replay.addCookies(copied);
  expect((await replay.request.get("/api/instances")).status()).toBe(401);
  expect(
    (await replay.request.post("/api/console", { data: { accountId: "444444444444", roleName: "Developer" }, headers: { origin: baseURL! } })).status(),
  ).toBe(401);
  const replayPage = await replay.newPage();
  await replayPage.goto("/");
  await expect(replayPage).toHaveURL(/\/signin/);
  await replay.close();
});

test("an administrator ends every session of a person, and that person's next request is refused", async ({ browser, baseURL }) => {
  const danaContext = await browser.newContext({ baseURL });
  const dana = await danaContext.newPage();
  await signInAs(dana, USERS.dana);
  await expect(dana.getByTestId("overview-email")).toHaveText(USERS.dana.email);
  expect((await dana.request.get("/api/sessions")).status()).toBe(200);

  const adaContext = await browser.newContext({ baseURL });
  const ada = await adaContext.newPage();
  await signInAs(ada, USERS.ada);
  await ada.getByRole("link", { name: "People" }).click();
  const row = ada.getByTestId("person-row").filter({ hasText: USERS.dana.email });
  await expect(row.getByTestId("live-sessions")).not.toHaveText("0");
  ada.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: `End all sessions of ${USERS.dana.email}` }).click();
  await expect(row.getByRole("status")).toContainText("Ended");
  await expect(row.getByTestId("live-sessions")).toHaveText("0");

  expect((await dana.request.get("/api/sessions")).status()).toBe(401);
  await dana.goto("/instances");
  await expect(dana).toHaveURL(/\/signin/);

  // Dana is not an administrator: the page and the API refuse her.
  await signInAs(dana, USERS.dana);
  await dana.goto("/people");
  await expect(dana.getByText("Only administrators can see people")).toBeVisible();
  await expect(dana.getByRole("link", { name: "People" })).toHaveCount(0);
  expect((await dana.request.delete("/api/people/100000000000000000001/sessions", { headers: { origin: baseURL! } })).status()).toBe(403);
  await adaContext.close();
  await danaContext.close();
});
