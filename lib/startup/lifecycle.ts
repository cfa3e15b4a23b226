// The process's lifecycle, shared by Gatehouse's server (scripts/lib/serve-next.ts) and the app it serves: whether a
// shutdown has begun (readiness answers 503 from then on), and the work to stop when it has (schedules, then the
// database pool). Kept on globalThis, because Next.js bundles the app's copy of this module separately from the
// server's. No "server-only" here: the server loads this file outside the bundle.

export type ShutdownStep = { name: string; phase: "schedules" | "connections"; stop: () => void | Promise<void> };

interface Lifecycle {
  shuttingDown: boolean;
  steps: Map<string, ShutdownStep>;
}

const KEY = Symbol.for("gatehouse.lifecycle");
const holder = globalThis as unknown as Record<typeof KEY, Lifecycle | undefined>;
const state = (): Lifecycle => (holder[KEY] ??= { shuttingDown: false, steps: new Map() });

export const isShuttingDown = () => state().shuttingDown;

export function beginShutdown(): void {
  state().shuttingDown = true;
}

/** Registers (or replaces, by name) work to stop at shutdown: schedules first, then connections. */
export function onShutdown(step: ShutdownStep): void {
  state().steps.set(step.name, step);
}

/** Runs every registered step, schedules before connections; a step that fails is reported and the rest still run. */
export async function runShutdownSteps(report: (name: string, error: unknown) => void): Promise<string[]> {
  const steps = [...state().steps.values()].sort((a, b) => (a.phase === b.phase ? 0 : a.phase === "schedules" ? -1 : 1));
  const done: string[] = [];
  for (const step of steps) {
    try {
      await step.stop();
      done.push(step.name);
    } catch (error) {
      report(step.name, error);
    }
  }
  state().steps.clear();
  return done;
}
