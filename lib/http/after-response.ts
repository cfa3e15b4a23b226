import "server-only";
import { after } from "next/server";

/** Runs bookkeeping after the answer is sent (Next's `after`); outside a Next request (tests) it runs at once. */
export function afterResponse(task: () => Promise<void>): void {
  try {
    after(task);
  } catch {
    void task();
  }
}
