"use client";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import type { ShellPhase } from "@/lib/shell/shell-connection";

// The line above the terminal: what the connection is doing, and when it stopped, why and what can be done
// (Retry, Start a new session). A stopped shell always says so; it never just sits there.

export function ShellStatus({ phase, onRetry, onStartNew, starting }: {
  phase: ShellPhase;
  onRetry: () => void;
  onStartNew: () => void;
  starting: boolean;
}) {
  if (phase.kind === "connecting" || phase.kind === "open") {
    return (
      <p role="status" data-testid="shell-status" data-phase={phase.kind} className="text-sm text-slate-600">
        <span aria-hidden className={`mr-2 inline-block h-2 w-2 rounded-full ${phase.kind === "open" ? "bg-green-500" : "bg-amber-400"}`} />
        {phase.kind === "open" ? "Connected" : "Connecting…"}
      </p>
    );
  }
  if (phase.kind === "reconnecting") {
    return (
      <div role="status" data-testid="shell-status" data-phase="reconnecting" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        Reconnecting… (attempt {phase.attempt} of {phase.of}). Your shell keeps running on the instance.
      </div>
    );
  }
  const ended = phase.kind === "ended";
  return (
    <div
      role={ended ? "status" : "alert"}
      data-testid="shell-status"
      data-phase={phase.kind}
      className={`flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm ${ended ? "border-slate-200 bg-white text-slate-800" : "border-red-200 bg-red-50 text-red-900"}`}
    >
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{ended ? "Session ended" : "Connection lost"}</p>
        <p>{phase.message}</p>
      </div>
      {phase.kind === "failed" && phase.canRetry ? (
        <button type="button" className={buttonStyles.secondary} onClick={onRetry}>
          Retry
        </button>
      ) : null}
      <button type="button" className={buttonStyles.primary} onClick={onStartNew} disabled={starting}>
        {starting ? "Starting…" : "Start a new session"}
      </button>
      <Link href="/instances" className={buttonStyles.subtle}>
        Back to instances
      </Link>
    </div>
  );
}
