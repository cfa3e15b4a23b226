"use client";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

// The same instance from a terminal: the gatehouse commands to copy (see the Command line page to install it).
// Instance ids, not Name tags, so the command is unambiguous; the server checks access again either way.

export function TerminalCommands({ instanceId, label }: { instanceId: string; label: string }) {
  const commands = [
    `gatehouse shell ${instanceId}`,
    `gatehouse forward ${instanceId} --remote-port 5432 --local-port 15432`,
    `ssh -o ProxyCommand='gatehouse proxy %h %p' ec2-user@${instanceId}`,
  ];
  const [copied, setCopied] = useState<number | null>(null);
  const copy = async (index: number) => {
    try {
      await navigator.clipboard.writeText(commands[index]!);
      setCopied(index);
    } catch {
      setCopied(-1);
    }
  };
  return (
    <details className="text-xs" data-testid="terminal-commands">
      <summary className="cursor-pointer text-brand-700 dark:text-brand-300 underline">Command line</summary>
      <ul className="mt-2 space-y-1" aria-label={`Commands for ${label}`}>
        {commands.map((command, index) => (
          <li key={command} className="flex items-center gap-2">
            <code className="rounded bg-slate-100 dark:bg-slate-800 px-1.5 py-0.5 font-mono [overflow-wrap:anywhere]">{command}</code>
            <button type="button" className={buttonStyles.subtle} onClick={() => void copy(index)} aria-label={`Copy ${command}`}>
              Copy
            </button>
          </li>
        ))}
      </ul>
      <p role="status" className="mt-1 text-slate-600 dark:text-slate-400">
        {copied === null ? "" : copied >= 0 ? "Copied." : "Copying failed; select the text instead."}
      </p>
    </details>
  );
}
