// Takes the README's screenshots from a running Gatehouse demo (default http://localhost:3000), signing in through the
// sandbox Google issuer like a person would. Usage: npm start, then `npx tsx scripts/capture-screenshots.ts [baseUrl]`.
import { chromium, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../tests/support/chromium";

const baseUrl = process.argv[2] ?? "http://localhost:3000";
const out = "docs/screenshots";

async function signIn(page: Page, name: string, email: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.getByRole("button", { name: `${name} ${email}` }).click();
  await page.waitForURL(`${baseUrl}/`);
}

const browser = await chromium.launch(chromiumLaunchOptions);
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
await signIn(page, "Ada Admin", "ada@example.com");
await page.getByTestId("your-access").waitFor();
await page.screenshot({ path: `${out}/overview.png`, fullPage: true });

await page.goto(`${baseUrl}/organization`);
await page.getByRole("tree").waitFor();
for (const name of ["Service", "API"]) {
  const item = page.getByRole("treeitem", { name: new RegExp(`^${name}\\b`) }).first();
  if ((await item.getAttribute("aria-expanded")) === "false") await item.click();
}
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/organization.png` });

await page.goto(`${baseUrl}/instances`);
await page.waitForTimeout(1500);
await page.screenshot({ path: `${out}/instances.png` });

// A shell in the browser on a Develop instance.
await page.getByRole("button", { name: "Open shell on Develop (i-0b000000000000001)" }).click();
await page.getByTestId("shell-status").and(page.locator('[data-phase="open"]')).waitFor({ timeout: 20_000 });
await page.getByTestId("terminal").click();
for (const command of ["uname -s && whoami", "ls", "cat README.txt", "stty size"]) {
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
}
await page.screenshot({ path: `${out}/shell.png` });
await browser.close();
console.log(`screenshots written to ${out}/`);
