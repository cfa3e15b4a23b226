import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { AccessibilityWatch, describeFinding, type AxeFinding } from "./accessibility-check";

export { expect };

export const USERS = {
  ada: { name: "Ada Admin", email: "ada@example.com" },
  dana: { name: "Dana Developer", email: "dana@example.com" },
  nora: { name: "Nora Newhire", email: "nora@example.com" },
  olaf: { name: "Olaf Outsider", email: "olaf@other.example" },
  uma: { name: "Uma Unverified", email: "uma@example.com" },
  gary: { name: "Gary Gmail", email: "gary.personal@gmail.com" },
} as const;

/** The whole Google sign-in as a person does it: Gatehouse's button, then the issuer's account chooser. */
export async function signInAs(page: Page, user: (typeof USERS)[keyof typeof USERS], startPath = "/") {
  await page.goto(startPath);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.getByRole("button", { name: `${user.name} ${user.email}` }).click();
}

/** One `securitypolicyviolation` event, as a page reported it. */
export interface CspViolation {
  page: string;
  documentURI: string;
  directive: string;
  blockedURI: string;
  sourceFile: string;
  line: number;
  sample: string;
}

const REPORT = "__gatehouseCspViolation";

/** Reports every CSP violation in every frame of every page of `context`, from before the page's own scripts run. */
async function watchForCspViolations(context: BrowserContext, violations: CspViolation[]) {
  // Both asked for at once (the listener looks the binding up when an event comes), so they are in place as early
  // as they can be.
  const binding = context.exposeBinding(REPORT, ({ page }, violation: Omit<CspViolation, "page">) => {
    violations.push({ page: page?.url() ?? "", ...violation });
  });
  const listener = context.addInitScript((report) => {
    document.addEventListener(
      "securitypolicyviolation",
      (event) => {
        const send = (window as unknown as Record<string, ((violation: unknown) => void) | undefined>)[report];
        send?.({
          documentURI: event.documentURI,
          directive: event.effectiveDirective,
          blockedURI: event.blockedURI,
          sourceFile: event.sourceFile,
          line: event.lineNumber,
          sample: event.sample,
        });
      },
      true,
    );
  }, REPORT);
  await Promise.all([binding, listener]);
}

/**
 * Gatehouse's browser tests: every test fails if any page it visits (in the `page` fixture's context or in one it
 * opens with `browser.newPage()`) reports a Content-Security-Policy violation. `cspViolations` is the list so far,
 * for a test that provokes one on purpose (it must empty the list again).
 */
export const test = base.extend<{ cspViolations: CspViolation[]; axeFindings: AxeFinding[] }>({
  cspViolations: [
    async ({ browser, context }, use) => {
      const violations: CspViolation[] = [];
      const watched = new WeakSet<BrowserContext>();
      const setups: Array<Promise<void>> = [];
      const watch = (c: BrowserContext) => {
        if (watched.has(c)) return;
        watched.add(c);
        setups.push(watchForCspViolations(c, violations));
      };
      // The event fires while browser.newContext() (or newPage()) is still under way, so the watch is in place
      // before the test can open a page there.
      browser.on("context", watch);
      watch(context);
      await Promise.all(setups);
      await use(violations);
      browser.off("context", watch);
      await Promise.allSettled(setups);
      expect(violations, "Content-Security-Policy violations on the pages this test visited").toEqual([]);
    },
    { auto: true },
  ],
  // Every Gatehouse page every test visits (in its own context and in those it opens), checked with axe-core once
  // per state (address, colour scheme, open dialogs) and once more at the end: any serious or critical WCAG 2.1
  // A/AA finding fails the test, listed by rule, impact, element and page (tests/e2e/accessibility-check.ts).
  // `axeFindings` is the list so far, for a test that provokes one on purpose (it must empty the list again).
  axeFindings: [
    async ({ browser, context, baseURL }, use) => {
      const watch = new AccessibilityWatch(new URL(baseURL ?? "http://localhost").origin);
      const onContext = (c: BrowserContext) => watch.watch(c);
      browser.on("context", onContext);
      watch.watch(context);
      await use(watch.findings);
      browser.off("context", onContext);
      await watch.finish();
      const problems = watch.findings.map(describeFinding);
      const note = watch.errors.length ? ` (runs that failed: ${watch.errors.join("; ")})` : "";
      expect(problems, `Serious and critical accessibility findings on the pages this test visited${note}`).toEqual([]);
    },
    { auto: true },
  ],
});
