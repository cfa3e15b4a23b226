"use client";
import { signOut } from "next-auth/react";
import { useEffect, useId, useRef, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

/** Who is signed in, their groups, and sign-out. A disclosure: Escape or a click outside closes it. */
export function UserMenu({ name, email, groups }: { name: string; email: string; groups: string[] }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => !rootRef.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div ref={rootRef} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-full border border-slate-200 py-1 pl-1 pr-3 text-sm hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        <span
          aria-hidden
          className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-700 dark:bg-brand-900 dark:text-brand-100"
        >
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span data-testid="user-name">{name}</span>
      </button>
      {open ? (
        <div
          id={panelId}
          className="absolute right-0 z-20 mt-2 w-72 rounded-lg border border-slate-200 bg-white p-4 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <p className="font-medium">{name}</p>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="user-email">
            {email}
          </p>
          <p className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Google groups</p>
          {groups.length ? (
            <ul className="mt-1 space-y-0.5 text-sm" aria-label="Your Google groups">
              {groups.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">None</p>
          )}
          <button type="button" className={`${buttonStyles.secondary} mt-4 w-full`} onClick={() => void signOut({ callbackUrl: "/signin" })}>
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
