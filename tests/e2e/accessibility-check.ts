// axe-core (through @axe-core/playwright, a test-only dependency, MPL-2.0) run against Gatehouse's pages: the WCAG 2.0
// and 2.1 A and AA rules, and only what axe calls serious or critical counts. Used by the fixture in ./helpers (every
// page every test visits) and by accessibility.spec.ts (named page states).
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "@playwright/test";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const COUNTED = new Set(["serious", "critical"]);

/** One failing element, as a test failure lists it. */
export interface AxeFinding {
  rule: string;
  impact: string;
  target: string;
  page: string;
  summary: string;
}

export const describeFinding = (f: AxeFinding) => `${f.rule} (${f.impact}) at ${f.page}: ${f.target} — ${f.summary}`;

/** The page's state as far as the check is concerned: its address, its colour scheme and how many dialogs are open. */
async function stateOf(page: Page): Promise<{ key: string; html: boolean; origin: string }> {
  return page.evaluate(() => {
    const dark =
      document.documentElement.classList.contains("dark") ||
      (!document.documentElement.classList.contains("light") && matchMedia("(prefers-color-scheme: dark)").matches);
    const dialogs = document.querySelectorAll("dialog[open], [role=dialog], [role=alertdialog]").length;
    return {
      key: `${location.href.split("#")[0]} ${dark ? "dark" : "light"} dialogs=${dialogs}`,
      html: document.contentType === "text/html",
      origin: location.origin,
    };
  });
}

// axe refuses a second run in a page while one is under way: the fixture's runs and a spec's own take turns.
const turns = new WeakMap<Page, Promise<unknown>>();

function inTurn<T>(page: Page, run: () => Promise<T>): Promise<T> {
  const next = (turns.get(page) ?? Promise.resolve()).catch(() => undefined).then(run);
  turns.set(page, next);
  return next;
}

/**
 * Serious and critical WCAG A/AA findings on the page as it is now. Throws if the page navigates meanwhile (its
 * address before and after differ), so a finding is never put down to the wrong page.
 */
export function findAccessibilityProblems(page: Page): Promise<AxeFinding[]> {
  return inTurn(page, () => analyse(page));
}

async function analyse(page: Page): Promise<AxeFinding[]> {
  const url = await page.evaluate(() => location.href);
  // Legacy mode runs axe in the page itself; the default mode would open a blank tab in the test's context to
  // merge the results, which a test waiting for a new tab would take for its own.
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  if ((await page.evaluate(() => location.href)) !== url) throw new Error(`navigated away from ${url} during the analysis`);
  return results.violations
    .filter((v) => COUNTED.has(v.impact ?? ""))
    .flatMap((v) =>
      v.nodes.map((node) => ({
        rule: v.id,
        impact: v.impact ?? "",
        target: node.target.map(String).join(" "),
        page: url,
        summary: (node.failureSummary ?? v.help).replace(/\s+/g, " ").trim(),
      })),
    );
}

// How a run cut short by a navigation or a closed page fails: the page's document (and the axe in it) went away.
const GONE =
  /Execution context was destroyed|Target page, context or browser has been closed|Frame was detached|navigat|Cannot find context|has been closed|reading 'run'|reading 'classList'|axe is not defined/i;

/**
 * Watches every page of the contexts it is given: each distinct state (address, colour scheme, open dialogs) of a
 * Gatehouse page (`origin`, HTML) is checked once, after it loads or after an in-app navigation, and every open page
 * once more at the end. A run cut short by a navigation is dropped and the state checked again when next seen.
 */
export class AccessibilityWatch {
  readonly findings: AxeFinding[] = [];
  readonly errors: string[] = [];
  private readonly seen = new Set<string>();
  private readonly contexts = new Set<BrowserContext>();
  private readonly running = new Map<Page, Promise<void>>();
  private readonly again = new Set<Page>();
  private stopped = false;

  constructor(private readonly origin: string) {}

  watch(context: BrowserContext) {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    const onPage = (page: Page) => {
      page.on("load", () => this.schedule(page));
      page.on("framenavigated", (frame) => frame === page.mainFrame() && this.schedule(page));
    };
    context.pages().forEach(onPage);
    context.on("page", onPage);
  }

  private schedule(page: Page) {
    if (this.stopped) return;
    if (this.running.has(page)) {
      this.again.add(page);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(page);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await this.check(page, false);
      } while (this.again.has(page) && !this.stopped);
    })().finally(() => this.running.delete(page));
    this.running.set(page, run);
  }

  private async check(page: Page, final: boolean) {
    if (page.isClosed()) return;
    let key = "";
    try {
      await page.waitForLoadState("load", { timeout: 10_000 });
      const state = await stateOf(page);
      if (!state.html || state.origin !== this.origin) return;
      key = final ? `${state.key} end` : state.key;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      for (const finding of await findAccessibilityProblems(page)) {
        if (!this.findings.some((f) => describeFinding(f) === describeFinding(finding))) this.findings.push(finding);
      }
    } catch (error) {
      // The page moved on or closed mid-analysis: not a finding; the state is checked when it is next seen. Any
      // other failure of a run is kept, to be shown if the test fails.
      if (key) this.seen.delete(key);
      if (!GONE.test(String(error))) this.errors.push(`${page.url()}: ${String(error).split("\n")[0]}`);
    }
  }

  /** Waits for the checks under way, then checks every page still open as it is now. */
  async finish() {
    await Promise.allSettled([...this.running.values()]);
    this.stopped = true;
    const pages = [...this.contexts].flatMap((c) => c.pages());
    await Promise.allSettled(pages.map((page) => this.check(page, true)));
  }
}
