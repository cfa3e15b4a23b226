import type { LaunchOptions } from "@playwright/test";

// How every browser here starts Debian's Chromium: the browser tests (playwright.config.ts), the benchmarks and the
// screenshot script. The flags keep it from reaching out to Google's services, which this machine's closed network
// refuses (many connections at every start otherwise).
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
