import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signInAs, test, USERS } from "./helpers";

// Search as people use it, keyboard only: Ctrl-K (or "/") opens the palette from any page, typing filters what the
// person may open, Up/Down and Enter go there, Escape closes it and gives focus back. The Overview's search box is
// the same engine. What is offered comes from the server's access decisions: Dana is never offered the Production
// instance she may not reach, Nora (no groups) only the pages she may open.

const palette = (page: Page) => page.getByRole("dialog", { name: "Search accounts, roles, instances and pages" });
const paletteInput = (page: Page) => palette(page).getByRole("combobox");
const options = (page: Page) => palette(page).getByRole("option");

/** The palette's keys work once the page has hydrated; the button says so. */
const paletteReady = (page: Page) => expect(page.getByTestId("palette-button")).toHaveAttribute("data-ready", "true");

/** The organization is synced while the demo starts; until then search has no accounts, so reopen until it has. */
async function openPaletteUntil(page: Page, query: string, firstOption: RegExp) {
  await expect(async () => {
    await page.reload();
    await paletteReady(page);
    await page.keyboard.press("Control+K");
    await expect(paletteInput(page)).toBeFocused({ timeout: 2_000 });
    await page.keyboard.type(query);
    await expect(options(page).first()).toHaveAccessibleName(firstOption, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

/** Instances load after the rest; "Loading instances…" goes away when they are in. */
const instancesLoaded = (page: Page) => expect(palette(page).getByText("Loading instances…")).toHaveCount(0);

test("Ctrl-K finds an account by name and Enter opens it, as an accessible combobox", async ({ page }) => {
  await signInAs(page, USERS.dana, "/");
  await openPaletteUntil(page, "API Dev", /^Account API Dev 444444444444/);
  const input = paletteInput(page);
  await expect(palette(page)).toHaveAttribute("aria-modal", "true");
  await expect(input).toHaveAttribute("aria-expanded", "true");
  const listboxId = await input.getAttribute("aria-controls");
  expect(listboxId).toBeTruthy();
  await expect(page.locator(`[id="${listboxId}"]`)).toHaveAttribute("role", "listbox");
  const first = options(page).first();
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(input).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);
  await expect(first.locator("mark")).toHaveText("API Dev");
  // Roles in the account are offered too, grouped under their kind.
  await expect(
    palette(page)
      .getByRole("group", { name: "Roles" })
      .getByRole("option", { name: /Developer API Dev · 444444444444/ }),
  ).toBeVisible();

  // Down moves the active option, Up moves it back.
  await page.keyboard.press("ArrowDown");
  await expect(first).toHaveAttribute("aria-selected", "false");
  await expect(options(page).nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowUp");
  await expect(first).toHaveAttribute("aria-selected", "true");

  const axe = await new AxeBuilder({ page }).include("[role=dialog]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`),
  ).toEqual([]);

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/accounts\/444444444444$/);
  await expect(palette(page)).toHaveCount(0);
});

test("Dana finds the Develop instances she may reach, never the Production one", async ({ page }) => {
  await signInAs(page, USERS.dana, "/");
  await openPaletteUntil(page, "Develop", /Develop/);
  await instancesLoaded(page);
  const instances = palette(page).getByRole("group", { name: "Instances" }).getByRole("option");
  await expect(instances).toHaveCount(4);
  await expect(instances.first()).toHaveAccessibleName(/^Instance Develop i-0/);

  const input = paletteInput(page);
  await input.press("Control+A");
  await page.keyboard.type("Production");
  await expect(palette(page).getByText("Nothing you may open matches “Production”.")).toBeVisible();
  await expect(options(page)).toHaveCount(0);
  await input.press("Control+A");
  await page.keyboard.type("i-0a000000000000001");
  await expect(options(page)).toHaveCount(0);

  // An instance id typed in full comes first and opens that instance's address.
  await input.press("Control+A");
  await page.keyboard.type("i-0b000000000000002");
  await expect(options(page).first()).toHaveAccessibleName(/^Instance Develop i-0b000000000000002 · API Dev · 444444444444 · eu-west-1/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/instances\/i-0b000000000000002\?account=444444444444&region=eu-west-1$/);
});

test("Escape closes the palette and gives focus back; '/' opens it when not typing", async ({ page }) => {
  await signInAs(page, USERS.dana, "/");
  await paletteReady(page);
  const button = page.getByRole("button", { name: /^Search/ });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(paletteInput(page)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(palette(page)).toHaveCount(0);
  await expect(button).toBeFocused();

  const nav = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" });
  await nav.focus();
  await page.keyboard.press("/");
  await expect(paletteInput(page)).toBeFocused();
  await expect(paletteInput(page)).toHaveValue("");
  // With nothing typed the palette offers the pages; Tab stays inside the dialog.
  await expect(palette(page).getByRole("option", { name: /^Page Sessions/ })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(paletteInput(page)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(nav).toBeFocused();

  // "/" typed into a field is just a character.
  const box = page.getByRole("combobox", { name: "Find an account, role, instance or page" });
  await box.focus();
  await page.keyboard.type("a/b");
  await expect(box).toHaveValue("a/b");
  await expect(palette(page)).toHaveCount(0);
});

test("the Overview's search box works the same: type, Down, Enter", async ({ page }) => {
  await signInAs(page, USERS.dana, "/");
  const box = page.getByRole("combobox", { name: "Find an account, role, instance or page" });
  await expect(async () => {
    await page.reload();
    await paletteReady(page);
    await box.focus();
    await page.keyboard.type("sandbox");
    await expect(page.getByTestId("landing-search").getByRole("option").first()).toHaveAccessibleName(/^Account Developer Sandbox 555555555555/, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const second = page.getByTestId("landing-search").getByRole("option").nth(1);
  await expect(second).toHaveAccessibleName(/^Role Developer Developer Sandbox · 555555555555/);
  await page.keyboard.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", (await second.getAttribute("id"))!);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/accounts\/555555555555\/roles\/Developer$/);
});

test("Nora, with no access, is offered only the pages she may open", async ({ page }) => {
  await signInAs(page, USERS.nora, "/");
  await paletteReady(page);
  await page.keyboard.press("Control+K");
  await expect(paletteInput(page)).toBeFocused();
  await expect(palette(page).getByRole("option", { name: /^Page Overview/ })).toBeVisible();
  await expect(palette(page).getByRole("option", { name: /^Page Organization/ })).toHaveCount(0);
  await expect(palette(page).getByRole("option", { name: /^Page People/ })).toHaveCount(0);
  await page.keyboard.type("api");
  await expect(palette(page).getByText("Nothing you may open matches “api”.")).toBeVisible();
  await instancesLoaded(page);
  await expect(options(page)).toHaveCount(0);
});
