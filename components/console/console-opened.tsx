"use client";
import { formatClockOrTime, formatTime } from "@/lib/util/format-time";

// What the Gatehouse tab shows after a console was opened: where it went and when its session really ends (the
// server's answer: the expiry of the credentials the sign-in token was made from). When the browser blocked the
// new tab, the login URL (single use, 15 minutes) is offered as a link that opens one.

export interface OpenedConsoleView {
  url: string;
  expiresAt: string;
  /** Whether the pending tab was sent on; false when the browser blocked it. */
  inNewTab: boolean;
}

export function ConsoleOpened({ opened, where }: { opened: OpenedConsoleView; where: string }) {
  const ends = (
    <time dateTime={opened.expiresAt} title={formatTime(opened.expiresAt)} data-testid="console-session-end">
      {formatClockOrTime(opened.expiresAt)}
    </time>
  );
  return (
    <p role="status" className="max-w-xl text-sm text-slate-700 dark:text-slate-300" data-testid="console-opened">
      {opened.inNewTab ? (
        <>The console for {where} opened in a new tab. </>
      ) : (
        <>
          Your browser blocked the new tab:{" "}
          <a className="text-brand-700 underline dark:text-brand-300" href={opened.url} target="_blank" rel="noopener noreferrer">
            open the console for {where}
          </a>{" "}
          (this link works once, for 15 minutes).{" "}
        </>
      )}
      Its session ends at {ends}.
    </p>
  );
}
