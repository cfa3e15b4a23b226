"use client";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

// "Copy link" for a Gatehouse address (a role, an instance): the full URL goes on the clipboard and is also shown,
// so it can be copied by hand where the clipboard is not available. Whoever opens it is checked on the server
// against their own access; the link grants nothing.
export function CopyPageLink({ path, label, showUrl = true }: { path: string; label: string; showUrl?: boolean }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const [url, setUrl] = useState(path);
  async function copy() {
    const full = new URL(path, window.location.origin).toString();
    setUrl(full);
    try {
      await navigator.clipboard.writeText(full);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" className={buttonStyles.subtle} onClick={() => void copy()} aria-label={`Copy link to ${label}`} data-testid="copy-page-link">
        Copy link
      </button>
      {showUrl ? (
        <a className="break-all text-xs text-brand-700 underline dark:text-brand-300" href={path} data-testid="page-link">
          {url}
        </a>
      ) : null}
      <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
        {copied === "yes" ? "Copied." : copied === "no" ? "Copy failed; copy the link by hand." : ""}
      </span>
    </span>
  );
}
