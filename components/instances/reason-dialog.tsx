"use client";
import { useEffect, useId, useRef, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

// Asks for the reason an access profile requires before a shell (or the instance's console page). The text goes to
// Gatehouse's audit log and to Session Manager's own session record.

export function ReasonDialog({
  open,
  title,
  busy,
  problem,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  busy: boolean;
  problem: string | null;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState("");

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md overflow-y-auto rounded-lg p-0 text-left shadow-xl backdrop:bg-slate-900/40"
    >
      <form
        className="space-y-3 p-5"
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim()) onSubmit(reason.trim());
        }}
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <label htmlFor={id} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
          Reason (your access profile requires one; it is recorded in the audit log and in Session Manager)
        </label>
        <textarea
          id={id}
          required
          maxLength={256}
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          className="w-full rounded-md border border-slate-300 dark:border-slate-600 p-2 text-sm"
        />
        {problem ? (
          <p role="alert" className="rounded-md border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 p-2 text-sm text-red-900 dark:text-red-100">
            {problem}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonStyles.secondary} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonStyles.primary} disabled={busy || !reason.trim()}>
            {busy ? "Working…" : "Continue"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
