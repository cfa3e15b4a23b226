"use client";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { ShellStatus } from "@/components/shell/shell-status";
import { ShellTerminal } from "@/components/shell/shell-terminal";
import { buttonStyles } from "@/components/ui/button-styles";
import type { OwnShellSession } from "@/lib/instances/find-shell-session";
import { storePendingShell } from "@/lib/shell/pending-shell";
import { requestShell, requestTerminate } from "@/lib/shell/shell-api";
import type { ShellConnection, ShellPhase } from "@/lib/shell/shell-connection";

export function ShellPageClient({ session }: { session: OwnShellSession }) {
  const router = useRouter();
  const [phase, setPhase] = useState<ShellPhase>(session.endedAt ? { kind: "ended", message: "This session has ended." } : { kind: "connecting" });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"starting" | "terminating" | null>(null);
  const connection = useRef<ShellConnection | null>(null);
  const onConnection = useCallback((value: ShellConnection | null) => {
    connection.current = value;
  }, []);

  const startNew = async () => {
    setBusy("starting");
    setProblem(null);
    const answer = await requestShell({
      accountId: session.accountId,
      region: session.region,
      instanceId: session.instanceId,
      ...(session.reason ? { reason: session.reason } : {}),
    });
    setBusy(null);
    if (!answer.ok) return setProblem(answer.message);
    storePendingShell(answer.credentials);
    router.push(`/shell/${encodeURIComponent(answer.credentials.sessionId)}`);
  };

  const terminate = async () => {
    setBusy("terminating");
    setProblem(null);
    const answer = await requestTerminate(session.sessionId);
    setBusy(null);
    if (!answer.ok) return setProblem(answer.message);
    // The gateway closes the channel too; this covers a tab that had lost its connection.
    connection.current?.dispose();
    setPhase({ kind: "ended", message: "You terminated this session." });
  };

  const live = phase.kind !== "ended";
  return (
    <div className="flex h-[calc(100vh-8rem)] min-h-[420px] flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">
            Shell on <span className="font-mono">{session.instanceId}</span>
          </h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Account {session.accountId} · {session.region} · role {session.roleName} · session <span className="font-mono">{session.sessionId}</span>
          </p>
        </div>
        {live ? (
          <button type="button" className={buttonStyles.danger} onClick={terminate} disabled={busy !== null}>
            {busy === "terminating" ? "Terminating…" : "Terminate session"}
          </button>
        ) : null}
      </div>
      <ShellStatus phase={phase} onRetry={() => connection.current?.tryNow()} onStartNew={startNew} starting={busy === "starting"} />
      {problem ? (
        <p
          role="alert"
          className="rounded-md border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 px-3 py-2 text-sm text-red-900 dark:text-red-100"
        >
          {problem}
        </p>
      ) : null}
      <div className="min-h-0 flex-1">
        {session.endedAt ? null : (
          <ShellTerminal sessionId={session.sessionId} label={`Terminal on ${session.instanceId}`} onPhase={setPhase} onConnection={onConnection} />
        )}
      </div>
    </div>
  );
}
