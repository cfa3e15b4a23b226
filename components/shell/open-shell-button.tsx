"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ReasonDialog } from "@/components/instances/reason-dialog";
import { buttonStyles } from "@/components/ui/button-styles";
import { storePendingShell } from "@/lib/shell/pending-shell";
import { requestShell, type ShellTarget } from "@/lib/shell/shell-api";

// "Open shell" on an instance row: asks for a reason when the profile requires one, starts the session through
// Gatehouse (which checks access from AWS's view of the instance and audits it), then opens the terminal page with
// the one-time token handed over inside this tab. A refusal or TargetNotConnected is shown right here, with Retry.

export function OpenShellButton({ target, label, requireReason }: { target: Omit<ShellTarget, "reason">; label: string; requireReason: boolean }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState<string | undefined>();
  const [problem, setProblem] = useState<{ message: string; retry: boolean } | null>(null);

  const start = async (withReason?: string) => {
    setBusy(true);
    setProblem(null);
    setReason(withReason);
    const answer = await requestShell({ ...target, ...(withReason ? { reason: withReason } : {}) });
    if (!answer.ok) {
      setBusy(false);
      setProblem({ message: answer.message, retry: answer.status === 0 || answer.status === 409 || answer.status >= 500 });
      return;
    }
    setAsking(false);
    storePendingShell(answer.credentials);
    router.push(`/shell/${encodeURIComponent(answer.credentials.sessionId)}`);
  };

  return (
    <div className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        className={buttonStyles.primary}
        disabled={busy}
        aria-label={busy ? `Opening shell on ${label}` : `Open shell on ${label}`}
        onClick={() => {
          if (!requireReason) return void start();
          setProblem(null);
          setAsking(true);
        }}
      >
        {busy ? "Opening…" : "Open shell"}
      </button>
      {problem && !asking ? (
        <div
          role="alert"
          className="max-w-xs rounded-md border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 p-2 text-xs text-red-900 dark:text-red-100"
          data-testid="open-shell-error"
        >
          <p>{problem.message}</p>
          {problem.retry ? (
            <button type="button" className={`${buttonStyles.subtle} mt-1`} onClick={() => void start(reason)}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
      <ReasonDialog
        open={asking}
        title={`Open a shell on ${label}`}
        busy={busy}
        problem={problem?.message ?? null}
        onSubmit={(text) => void start(text)}
        onClose={() => setAsking(false)}
      />
    </div>
  );
}
