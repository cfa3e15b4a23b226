"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { ShellPhase } from "@/lib/shell/shell-connection";

// The line above the terminal: what the connection is doing, and when it stopped, why and what can be done.
// While the shell can still be resumed the primary button keeps it (Try now, Reconnect) and "Start a new session",
// which abandons it, is secondary; only once it cannot be resumed is a new session the first choice.
// A stopped shell always says so; it never just sits there.

/** Whole seconds until `at` (epoch ms), counted down once a second; null when `at` is null. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function Reconnecting({
  phase,
  onTryNow,
  onStartNew,
  starting,
}: {
  phase: Extract<ShellPhase, { kind: "reconnecting" }>;
  onTryNow: () => void;
  onStartNew: () => void;
  starting: boolean;
}) {
  const seconds = useSecondsUntil(phase.nextTryAt);
  const when = seconds === null ? "trying now" : `next try in ${seconds}s`;
  return (
    <div
      data-testid="shell-status"
      data-phase="reconnecting"
      className="flex flex-wrap items-center gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      {/* Only the attempt is announced; the countdown changes every second and would be read out each time. */}
      <span role="status" className="sr-only">{`Reconnecting, attempt ${phase.attempt}.`}</span>
      <p className="min-w-0 flex-1">
        <span className="font-semibold">
          Reconnecting… (attempt {phase.attempt}, {when})
        </span>{" "}
        Your shell keeps running on the instance.
      </p>
      <button type="button" className={buttonStyles.primary} onClick={onTryNow} disabled={seconds === null}>
        Try now
      </button>
      <button type="button" className={buttonStyles.secondary} onClick={onStartNew} disabled={starting}>
        {starting ? "Starting…" : "Start a new session"}
      </button>
    </div>
  );
}

export function ShellStatus({
  phase,
  onRetry,
  onStartNew,
  starting,
}: {
  phase: ShellPhase;
  /** Keep the same shell: try the reconnect now (while reconnecting) or start a fresh round (after a failure). */
  onRetry: () => void;
  onStartNew: () => void;
  starting: boolean;
}) {
  if (phase.kind === "connecting" || phase.kind === "open") {
    return (
      <p role="status" data-testid="shell-status" data-phase={phase.kind} className="text-sm text-slate-600 dark:text-slate-400">
        <span aria-hidden className={`mr-2 inline-block h-2 w-2 rounded-full ${phase.kind === "open" ? "bg-green-500" : "bg-amber-400"}`} />
        {phase.kind === "open" ? "Connected" : "Connecting…"}
      </p>
    );
  }
  if (phase.kind === "reconnecting") return <Reconnecting phase={phase} onTryNow={onRetry} onStartNew={onStartNew} starting={starting} />;
  const ended = phase.kind === "ended";
  const canReconnect = phase.kind === "failed" && phase.canRetry;
  const title = ended ? (phase.lost ? "This shell can no longer be resumed" : "Session ended") : "Connection lost";
  return (
    <div
      role={ended ? "status" : "alert"}
      data-testid="shell-status"
      data-phase={phase.kind}
      className={`flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm ${ended ? "border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 text-slate-800 dark:text-slate-200" : "border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 text-red-900 dark:text-red-100"}`}
    >
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{title}</p>
        <p>{phase.message}</p>
      </div>
      {canReconnect ? (
        <button type="button" className={buttonStyles.primary} onClick={onRetry}>
          Reconnect
        </button>
      ) : null}
      <button type="button" className={canReconnect ? buttonStyles.secondary : buttonStyles.primary} onClick={onStartNew} disabled={starting}>
        {starting ? "Starting…" : "Start a new session"}
      </button>
      <Link href="/instances" className={buttonStyles.subtle}>
        Back to instances
      </Link>
    </div>
  );
}
