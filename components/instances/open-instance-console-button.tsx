"use client";
import { useState } from "react";
import { ConsoleOpened, type OpenedConsoleView } from "@/components/console/console-opened";
import { closePendingTab, openPendingTab, sendPendingTab } from "@/components/console/console-tab";
import { buttonStyles } from "@/components/ui/button-styles";
import { ReasonDialog } from "./reason-dialog";

// "Open in AWS console" for one instance: the console service (POST /api/console) signs in as the role shells on
// this instance use, with the destination named only by allow-listed keys ("instance:<region>:<id>"); the server
// builds the Session Manager URL and checks the shell rules against the instance's tags from AWS.

export function OpenInstanceConsoleButton({
  accountId,
  region,
  instanceId,
  roleName,
  label,
  requireReason,
}: {
  accountId: string;
  region: string;
  instanceId: string;
  roleName: string;
  label: string;
  requireReason: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState<OpenedConsoleView | null>(null);

  const open = async (reason?: string) => {
    setBusy(true);
    setProblem(null);
    setOpened(null);
    const tab = openPendingTab();
    try {
      const response = await fetch("/api/console", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accountId, roleName, destination: `instance:${region}:${instanceId}`, ...(reason ? { reason } : {}) }),
      });
      const body = (await response.json().catch(() => null)) as { url?: string; expiresAt?: string; message?: string } | null;
      if (response.ok && body?.url && body.expiresAt) {
        setOpened({ url: body.url, expiresAt: body.expiresAt, inNewTab: sendPendingTab(tab, body.url) });
        setAsking(false);
        setBusy(false);
        return;
      }
      closePendingTab(tab);
      setProblem(body?.message ?? `Gatehouse answered HTTP ${response.status}.`);
    } catch {
      closePendingTab(tab);
      setProblem("Gatehouse could not be reached. Check your connection and try again.");
    }
    setBusy(false);
  };

  return (
    <div className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        className={buttonStyles.secondary}
        disabled={busy}
        aria-label={busy ? `Opening AWS console: ${label}` : `Open in AWS console: ${label}`}
        onClick={() => {
          if (!requireReason) return void open();
          setProblem(null);
          setAsking(true);
        }}
      >
        {busy ? "Opening…" : "Open in AWS console"}
      </button>
      {opened ? <ConsoleOpened opened={opened} where={label} /> : null}
      {problem && !asking ? (
        <div
          role="alert"
          className="max-w-xs rounded-md border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 p-2 text-xs text-red-900 dark:text-red-100"
        >
          <p>{problem}</p>
          <button type="button" className={`${buttonStyles.subtle} mt-1`} onClick={() => (requireReason ? setAsking(true) : void open())}>
            Retry
          </button>
        </div>
      ) : null}
      <ReasonDialog
        open={asking}
        title={`Open Session Manager for ${label} in the AWS console`}
        busy={busy}
        problem={problem}
        onSubmit={(reason) => void open(reason)}
        onClose={() => setAsking(false)}
      />
    </div>
  );
}
