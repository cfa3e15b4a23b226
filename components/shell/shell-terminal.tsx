"use client";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { acquireShellConnection, releaseShellConnection } from "@/lib/shell/connection-registry";
import { OutputBatcher } from "@/lib/shell/output-batcher";
import { forgetPendingShell, takePendingShell } from "@/lib/shell/pending-shell";
import { requestResume } from "@/lib/shell/shell-api";
import type { ShellConnection, ShellPhase } from "@/lib/shell/shell-connection";

// xterm.js wired to a ShellConnection: keystrokes and pastes go out as input, output is written as raw UTF-8
// bytes, and the terminal follows its box (fit addon + ResizeObserver), sending Size only when it changes.
// Ctrl+Shift+C / Ctrl+Shift+V copy and paste (Ctrl+C stays the interrupt the shell expects).

const NO_CONNECTION: ShellPhase = {
  kind: "failed",
  canRetry: false,
  message:
    "This browser tab does not hold the connection for this session (the page was reloaded or opened elsewhere). A Session Manager connection can only continue where it started: start a new session, or terminate this one from the Sessions page.",
};

/** Focus is nowhere in particular: on the page itself, in the terminal, or on the status line's buttons. */
function focusIsIdle(terminal: HTMLElement): boolean {
  const active = document.activeElement;
  return !active || active === document.body || terminal.contains(active) || active.closest('[data-testid="shell-status"]') !== null;
}

export function ShellTerminal({
  sessionId,
  label,
  onPhase,
  onConnection,
}: {
  sessionId: string;
  label: string;
  onPhase: (phase: ShellPhase) => void;
  onConnection?: (connection: ShellConnection | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ cols: number; rows: number } | null>(null);
  const phaseListener = useRef(onPhase);
  const connectionListener = useRef(onConnection);
  useEffect(() => {
    phaseListener.current = onPhase;
    connectionListener.current = onConnection;
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let disposed = false;
    const cleanups: (() => void)[] = [];
    void (async () => {
      // xterm touches the DOM when loaded, so it is imported here, in the browser only.
      const [{ Terminal }, { FitAddon }, { Unicode11Addon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
        import("@xterm/addon-unicode11"),
      ]);
      if (disposed) return;
      const term = new Terminal({
        allowProposedApi: true,
        cursorBlink: true,
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
        fontSize: 14,
        scrollback: 5000,
        theme: { background: "#0f172a", foreground: "#e2e8f0", selectionBackground: "#334155" },
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.loadAddon(new Unicode11Addon());
      term.unicode.activeVersion = "11";
      term.open(element);
      fit.fit();
      cleanups.push(() => term.dispose());

      const acquired = acquireShellConnection(sessionId, () => {
        const credentials = takePendingShell(sessionId);
        return credentials ? { credentials, resume: requestResume } : null;
      });
      if (!acquired) {
        phaseListener.current(NO_CONNECTION);
        term.options.disableStdin = true;
        return;
      }
      const { connection, created } = acquired;
      cleanups.push(() => releaseShellConnection(sessionId));
      connectionListener.current?.(connection);
      cleanups.push(() => connectionListener.current?.(null));

      // One xterm write per burst of frames, not one per 1 KB frame (lib/shell/output-batcher.ts).
      const batcher = new OutputBatcher((bytes) => term.write(bytes));
      const offOutput = connection.on("output", (bytes) => batcher.push(bytes));
      cleanups.push(() => batcher.dispose());
      let previous = connection.phase.kind;
      const offPhase = connection.on("phase", (phase) => {
        if (phase.kind === "ended" || (phase.kind === "failed" && !phase.canRetry)) term.options.disableStdin = true;
        // Back after an outage: the keyboard goes to the terminal again (from "Try now", or from nowhere when the
        // button it was on went away), unless the person has moved on to something else on the page.
        if (phase.kind === "open" && previous !== "open" && previous !== "connecting" && focusIsIdle(element)) term.focus();
        previous = phase.kind;
        phaseListener.current(phase);
      });
      cleanups.push(offOutput, offPhase);
      phaseListener.current(connection.phase);

      const input = term.onData((data) => connection.sendInput(data));
      // Binary input (some mouse reports) arrives as a byte string.
      const binary = term.onBinary((data) => connection.sendInput(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
      const resized = term.onResize(({ cols, rows }) => {
        connection.resize(cols, rows);
        setSize({ cols, rows });
      });
      cleanups.push(
        () => input.dispose(),
        () => binary.dispose(),
        () => resized.dispose(),
      );
      term.attachCustomKeyEventHandler((event) => {
        if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
        const key = event.key.toLowerCase();
        if (key === "c" && term.hasSelection()) {
          void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
          return false;
        }
        if (key === "v") {
          void navigator.clipboard?.readText().then(
            (text) => term.paste(text),
            () => undefined,
          );
          return false;
        }
        return true;
      });

      connection.resize(term.cols, term.rows);
      setSize({ cols: term.cols, rows: term.rows });
      if (created) {
        connection.start();
        // The single-use token is spent: a later mount must reuse this connection, not the token.
        forgetPendingShell(sessionId);
      }
      term.focus();

      let frame = 0;
      const observer = new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => {
          if (!disposed) fit.fit();
        });
      });
      observer.observe(element);
      cleanups.push(() => {
        cancelAnimationFrame(frame);
        observer.disconnect();
      });
    })();
    return () => {
      disposed = true;
      for (const cleanup of cleanups.reverse()) cleanup();
    };
  }, [sessionId]);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div
        ref={box}
        role="region"
        aria-label={label}
        data-testid="terminal"
        data-cols={size?.cols}
        data-rows={size?.rows}
        className="min-h-0 flex-1 overflow-hidden rounded-md bg-slate-900 p-2"
      />
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        {size ? `${size.cols}×${size.rows}` : ""} · Copy: select text, then Ctrl+Shift+C · Paste: Ctrl+Shift+V or the browser&apos;s paste
      </p>
    </div>
  );
}
