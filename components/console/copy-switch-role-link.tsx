"use client";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

// The console's plain switch-role link, for people already signed in to a Custodian console session. Shown as a
// link too, so it works where the clipboard is not available.
export function CopySwitchRoleLink({ url, label }: { url: string; label: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <a className="text-brand-700 dark:text-brand-300 underline" href={url} target="_blank" rel="noopener noreferrer" data-testid="switch-role-link">
        Switch role
      </a>
      <button type="button" className={buttonStyles.subtle} onClick={() => void copy()} aria-label={`Copy link: ${label}`}>
        Copy link
      </button>
      <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
        {copied === "yes" ? "Copied." : copied === "no" ? "Copy failed; use the link." : ""}
      </span>
    </span>
  );
}
