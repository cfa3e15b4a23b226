import { expect, signInAs, test, USERS } from "./helpers";

// The Sessions page's status colours mean what they say: only a Connected session is green. One started but never
// connected to (the browser closed before its WebSocket opened, say) stays "Connecting" and may never have reached
// the instance, so it is not shown as healthy, in light or dark.

const DEV = "i-0b000000000000001";

test("a session still Connecting is not shown green", async ({ page }) => {
  await signInAs(page, USERS.dana, "/sessions");
  // Started through Gatehouse (checked and audited like any shell) but never connected to.
  const started = await page.evaluate(async (instanceId) => {
    const response = await fetch("/api/shell", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accountId: "444444444444", region: "us-east-1", instanceId, reason: "e2e: never connected", tags: { Name: "Develop" } }),
    });
    return { status: response.status, body: (await response.json()) as { sessionId?: string } };
  }, DEV);
  expect(started.status).toBe(201);
  const sessionId = started.body.sessionId!;

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/sessions?scope=mine");
    const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
    await expect(row).toHaveAttribute("data-status", "Connecting");
    const pill = row.getByText("Connecting", { exact: true });
    const colours = await pill.evaluate((element) => {
      const sample = (className: string) => {
        const probe = document.createElement("span");
        probe.className = className;
        element.parentElement!.appendChild(probe);
        const colour = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return colour;
      };
      return {
        shown: getComputedStyle(element).backgroundColor,
        green: [sample("bg-green-50 dark:bg-green-950"), sample("bg-green-500")],
      };
    });
    expect(colours.green, "the probes took the green classes").not.toContain("rgba(0, 0, 0, 0)");
    expect(colours.green).not.toContain(colours.shown);
  }
});
