"use client";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { SetupReport } from "@/lib/setup-check/report";
import { SetupCheckReport } from "./setup-check-report";

// "Run setup check": POST /api/admin/setup-check, then the report per profile and hop. Loading, error (with retry)
// and result states; the result is announced politely.

export function SetupCheckPanel() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [report, setReport] = useState<SetupReport | null>(null);

  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch("/api/admin/setup-check", { method: "POST", headers: { accept: "application/json" } });
      const body = (await response.json().catch(() => null)) as (SetupReport & { message?: string }) | null;
      if (response.ok && body?.profiles) setReport(body);
      else setProblem(body?.message ?? `Gatehouse answered HTTP ${response.status}.`);
    } catch {
      setProblem("Gatehouse could not be reached. Check your connection and try again.");
    }
    setBusy(false);
  };

  return (
    <section aria-labelledby="setup-check-heading" className="space-y-3">
      <h2 id="setup-check-heading" className="text-lg font-semibold">
        Setup check
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Tries broker → Custodian role → every target role in every account each profile reaches, with 15-minute sessions that are dropped at once. Audited as a
        system check in your name.
      </p>
      <button type="button" className={buttonStyles.primary} disabled={busy} onClick={() => void run()}>
        {busy ? "Checking…" : report ? "Run setup check again" : "Run setup check"}
      </button>
      {problem ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p>The setup check did not finish: {problem}</p>
          <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => void run()} disabled={busy}>
            Try again
          </button>
        </div>
      ) : null}
      <div aria-live="polite">{report && !busy ? <SetupCheckReport report={report} /> : null}</div>
    </section>
  );
}
