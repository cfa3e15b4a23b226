"use client";
import { buttonStyles } from "@/components/ui/button-styles";

// Shown when a page fails on the server or in the browser: a message and a retry, never a stack trace.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        Gatehouse could not show this page. Trying again usually helps; if it keeps failing, tell your administrator.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Reference: {error.digest}</p> : null}
      <button type="button" className={`${buttonStyles.primary} mt-6`} onClick={() => reset()}>
        Try again
      </button>
    </main>
  );
}
