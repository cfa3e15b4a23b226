"use client";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { formatClockOrTime } from "@/lib/util/format-time";
import type { CopiedCredentials } from "@/lib/cli/cli-api";

// The Open console panel's command-line part: the role's exact AWS profile name and commands, and "Copy temporary
// credentials", which asks the server (decided and audited like a console sign-in) for export lines and puts them on
// the clipboard. The credentials are never shown on the page or kept in it.

interface Props {
  accountId: string;
  roleName: string;
  profileName: string;
  reason: string;
  where: string;
}

function CopyText({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <span className="inline-flex items-center gap-1">
      <button type="button" className={buttonStyles.subtle} onClick={() => void copy()} aria-label={`Copy ${label}`}>
        Copy
      </button>
      <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
        {copied === true ? "Copied." : copied === false ? "Copy failed; select the text." : ""}
      </span>
    </span>
  );
}

export function CommandLineOptions({ accountId, roleName, profileName, reason, where }: Props) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });
  const awsCommand = `aws sts get-caller-identity --profile ${profileName}`;
  const gatehouseCommand = `gatehouse credentials --account ${accountId} --role ${roleName}`;

  const copyCredentials = async () => {
    setState({ busy: true, message: null, failed: false });
    try {
      const response = await fetch("/api/credentials", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ accountId, roleName, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
      });
      const body = (await response.json().catch(() => null)) as (Partial<CopiedCredentials> & { message?: string }) | null;
      if (!response.ok || !body?.exports)
        return setState({ busy: false, message: body?.message ?? `Gatehouse answered HTTP ${response.status}. Try again.`, failed: true });
      try {
        await navigator.clipboard.writeText(`${body.exports}\n`);
      } catch {
        return setState({ busy: false, message: "The credentials were issued but the clipboard refused them; try again.", failed: true });
      }
      setState({
        busy: false,
        message: `Copied export lines for ${roleName}; they work until ${body.expiration ? formatClockOrTime(body.expiration) : "their expiry"}. Paste them into a terminal.`,
        failed: false,
      });
    } catch {
      setState({ busy: false, message: "Gatehouse could not be reached. Check your connection and try again.", failed: true });
    }
  };

  return (
    <div className="space-y-2 border-t border-slate-100 dark:border-slate-800 pt-3" data-testid="command-line-options">
      <p className="font-medium">Command line</p>
      <p className="text-slate-600 dark:text-slate-400">
        AWS profile <code data-testid="cli-profile-name">{profileName}</code> (written by <code>gatehouse configure</code>)
      </p>
      {[
        { text: awsCommand, label: `the AWS CLI command for ${roleName} in ${where}`, testId: "cli-aws-command" },
        { text: gatehouseCommand, label: `the gatehouse command for ${roleName} in ${where}`, testId: "cli-gatehouse-command" },
      ].map((command) => (
        <div key={command.testId} className="flex flex-wrap items-center gap-2">
          <code className="rounded bg-slate-100 dark:bg-slate-800 px-2 py-1 text-xs" data-testid={command.testId}>
            {command.text}
          </code>
          <CopyText text={command.text} label={command.label} />
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={buttonStyles.secondary} onClick={() => void copyCredentials()} disabled={state.busy} data-testid="copy-credentials">
          {state.busy ? "Issuing…" : "Copy temporary credentials"}
        </button>
        {state.message ? (
          <span
            role={state.failed ? "alert" : "status"}
            className={`text-xs ${state.failed ? "text-red-800 dark:text-red-200" : "text-slate-700 dark:text-slate-300"}`}
            data-testid="copy-credentials-result"
          >
            {state.message}
          </span>
        ) : null}
      </div>
    </div>
  );
}
