"use client";
import { useId, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { ConsoleApiError, ConsoleRoleDetails, OpenConsoleResult } from "@/lib/console/console-api";
import { ConsoleOpened, type OpenedConsoleView } from "./console-opened";
import { ConsoleOptionsPanel, type DestinationChoice } from "./console-options-panel";
import { closePendingTab, openPendingTab, sendPendingTab } from "./console-tab";

// "Open console" for one account role. The server checks access, audits and signs in; this only asks for a login
// URL and sends a new tab to it (the Gatehouse tab stays and shows when the console session ends). Errors stay next to the button with a Retry; more choices (destination, reason, switch-role
// link, favourite) sit behind an Options disclosure so a tree of thousands of roles stays quiet.

export interface OpenConsoleButtonProps {
  accountId: string;
  roleName: string;
  accountName?: string;
  /** Known details (server-rendered pages pass them); otherwise the options panel fetches them when opened. */
  details?: ConsoleRoleDetails;
}

type Failure = ConsoleApiError & { retryable?: boolean };

export function OpenConsoleButton({ accountId, roleName, accountName, details }: OpenConsoleButtonProps) {
  const [opening, setOpening] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [opened, setOpened] = useState<OpenedConsoleView | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [choice, setChoice] = useState<DestinationChoice>({ service: "", region: "" });
  const [reason, setReason] = useState("");
  const panelId = useId();
  const where = accountName ? `${accountName} (${accountId})` : accountId;
  const reasonNeeded = details?.requireReason || failure?.error === "reason-required";

  async function openConsole() {
    setOpening(true);
    setFailure(null);
    setOpened(null);
    const tab = openPendingTab();
    const destination = choice.service ? (choice.region ? `${choice.service}:${choice.region}` : choice.service) : undefined;
    try {
      const response = await fetch("/api/console", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accountId, roleName, ...(destination && { destination }), ...(reason.trim() && { reason: reason.trim() }) }),
      });
      const body = (await response.json().catch(() => null)) as OpenConsoleResult | ConsoleApiError | null;
      if (response.ok && body && "url" in body) {
        setOpened({ url: body.url, expiresAt: body.expiresAt, inNewTab: sendPendingTab(tab, body.url) });
        setOpening(false);
        return;
      }
      closePendingTab(tab);
      const error = body && "message" in body ? body : { error: "http", message: `Gatehouse answered HTTP ${response.status}.`, retryable: true };
      setFailure(error);
      if (error.error === "reason-required") setPanelOpen(true);
    } catch {
      closePendingTab(tab);
      setFailure({ error: "network", message: "Gatehouse could not be reached. Check your connection.", retryable: true });
    }
    setOpening(false);
  }

  return (
    <div className="inline-flex flex-col items-end gap-2" data-testid="open-console" data-account-id={accountId} data-role-name={roleName}>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={buttonStyles.primary}
          onClick={() => void openConsole()}
          disabled={opening}
          aria-busy={opening}
          // One name whatever the state: the busy word is shown beside the button (below), so the name and the text
          // never disagree, not even for a moment while the page updates.
          aria-label={`Open console as ${roleName} in ${where}`}
        >
          Open console
        </button>
        {opening ? (
          <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
            Opening…
          </span>
        ) : null}
        <button
          type="button"
          className={buttonStyles.subtle}
          aria-expanded={panelOpen}
          aria-controls={panelId}
          aria-label={`Console options for ${roleName} in ${where}`}
          onClick={() => setPanelOpen((open) => !open)}
        >
          Options <span aria-hidden>{panelOpen ? "▴" : "▾"}</span>
        </button>
      </div>
      {opened ? <ConsoleOpened opened={opened} where={`${roleName} in ${where}`} /> : null}
      {failure ? (
        <div
          role="alert"
          className="max-w-xl rounded-md border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 p-3 text-sm text-red-900 dark:text-red-100"
          data-testid="open-console-error"
        >
          <p>{failure.message}</p>
          {failure.retryable !== false || failure.error === "reason-required" ? (
            <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => void openConsole()} disabled={opening}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
      {panelOpen ? (
        <ConsoleOptionsPanel
          id={panelId}
          accountId={accountId}
          roleName={roleName}
          where={where}
          initialDetails={details}
          choice={choice}
          onChoice={setChoice}
          reason={reason}
          onReason={setReason}
          reasonNeeded={reasonNeeded}
        />
      ) : null}
    </div>
  );
}
