"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

// "End all sessions" for one person: asks first, then ends every browser session and command-line token at once.

export function EndSessionsButton({ sub, email, live }: { sub: string; email: string; live: number }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });
  const end = async () => {
    if (!window.confirm(`End every Gatehouse session of ${email}? They will have to sign in again.`)) return;
    setState({ busy: true, message: null, failed: false });
    try {
      const response = await fetch(`/api/people/${encodeURIComponent(sub)}/sessions`, { method: "DELETE", headers: { accept: "application/json" } });
      const body = (await response.json().catch(() => null)) as { ended?: number; message?: string } | null;
      if (!response.ok) return setState({ busy: false, message: body?.message ?? `Gatehouse answered HTTP ${response.status}. Try again.`, failed: true });
      setState({ busy: false, message: `Ended ${body?.ended ?? 0} session${body?.ended === 1 ? "" : "s"}.`, failed: false });
      router.refresh();
    } catch {
      setState({ busy: false, message: "Gatehouse could not be reached. Check your connection and try again.", failed: true });
    }
  };
  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        className={buttonStyles.danger}
        onClick={() => void end()}
        disabled={state.busy || live === 0}
        aria-label={state.busy ? `Ending all sessions of ${email}` : `End all sessions of ${email}`}
      >
        {state.busy ? "Ending…" : "End all sessions"}
      </button>
      {state.message ? (
        <p
          role={state.failed ? "alert" : "status"}
          className={`max-w-xs text-xs ${state.failed ? "text-red-800 dark:text-red-200" : "text-slate-700 dark:text-slate-300"}`}
        >
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
