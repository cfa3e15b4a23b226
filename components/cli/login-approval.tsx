"use client";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { LoginRedirect } from "@/lib/cli/cli-api";

// Approve or Deny on /cli/login (and /cli/device): the server answers where the browser goes next (the terminal's
// loopback address with a one-time code, or with access_denied), or a message saying why it cannot.

interface Props {
  /** The routes to post to, with the body they take. */
  approve: string;
  deny: string;
  body: Record<string, string>;
  /** What to say when the answer carries no address to go to (the device flow: the terminal is polling). */
  done?: { approved: string; denied: string };
}

export function LoginApproval({ approve, deny, body, done }: Props) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });
  const answer = async (approved: boolean) => {
    setState({ busy: true, message: null, failed: false });
    try {
      const response = await fetch(approved ? approve : deny, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const result = (await response.json().catch(() => null)) as (Partial<LoginRedirect> & { message?: string }) | null;
      if (!response.ok) return setState({ busy: false, message: result?.message ?? `Gatehouse answered HTTP ${response.status}. Try again.`, failed: true });
      if (result?.redirectTo) {
        setState({ busy: true, message: approved ? "Approved. Handing the sign-in to your terminal…" : "Denied. Telling your terminal…", failed: false });
        window.location.assign(result.redirectTo);
        return;
      }
      setState({ busy: true, message: approved ? (done?.approved ?? "Approved.") : (done?.denied ?? "Denied."), failed: false });
    } catch {
      setState({ busy: false, message: "Gatehouse could not be reached. Check your connection and try again.", failed: true });
    }
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonStyles.primary} onClick={() => void answer(true)} disabled={state.busy} data-testid="cli-approve">
          Approve
        </button>
        <button type="button" className={buttonStyles.secondary} onClick={() => void answer(false)} disabled={state.busy} data-testid="cli-deny">
          Deny
        </button>
      </div>
      {state.message ? (
        <p
          role={state.failed ? "alert" : "status"}
          className={state.failed ? "text-red-800 dark:text-red-200" : "text-slate-700 dark:text-slate-300"}
          data-testid="cli-answer"
        >
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
