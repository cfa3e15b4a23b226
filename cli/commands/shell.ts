// gatehouse shell <instance id or Name> [--reason …] [--account …] [--region …]: an interactive Session Manager shell in
// this terminal, through lib/shell's ShellConnection (the browser terminal's own reconnecting client) over cli/'s
// WebSocket.
import { ShellConnection, type ShellPhase } from "@/lib/shell/shell-connection";
import { stringOption, type ParsedArgs } from "../args";
import type { Command } from "../command";
import { EXIT, usageError } from "../errors";
import { resumeSession, startSession, terminateSession, type SessionTarget } from "../session-api";
import { requireSession } from "../session-store";
import { Terminal } from "../terminal";
import { loadSessionRuntime } from "../session-runtime";

export const TARGET_OPTIONS_HELP = `  --account ACCOUNT    only instances in this account (12-digit id), when a Name is used in several
  --region REGION      only instances in this region
  --reason TEXT        why you need it (recorded in the audit log; asked for when a profile requires one)`;

/** The session request's target: the instance and the --reason, --account and --region given (shell, forward, proxy). */
export function sessionTarget(instance: string, args: ParsedArgs): SessionTarget {
  const reason = stringOption(args, "reason");
  const accountId = stringOption(args, "account");
  const region = stringOption(args, "region");
  return { instance, ...(reason ? { reason } : {}), ...(accountId ? { accountId } : {}), ...(region ? { region } : {}) };
}

export const shell: Command = {
  spec: { name: "shell", options: { reason: "string", account: "string", region: "string" }, positionals: 1 },
  summary: "open a Session Manager shell on an instance in this terminal",
  usage: `Usage: gatehouse shell INSTANCE [--reason TEXT] [--account ACCOUNT] [--region REGION]

Opens an interactive shell on INSTANCE (its id, like i-0123456789abcdef0, or its Name tag) in this terminal,
through Session Manager: every key, Ctrl-C included, goes to the remote shell; the remote terminal follows this
window's size. If the network drops, the session is resumed (ResumeSession) with backoff. The shell's end is
reported on standard error; the exit status is 0 when the shell ended, 1 when the connection was lost.

Options:
${TARGET_OPTIONS_HELP}
`,
  async run(ctx, args) {
    const instance = args.positionals[0];
    if (!instance) throw usageError("name the instance: its id or its Name tag", "shell");
    const session = requireSession(ctx);
    const stream = await startSession(ctx, session, "/api/v1/shell", sessionTarget(instance, args));
    ctx.stderr(
      `gatehouse: shell ${stream.sessionId} on ${stream.instanceId}${stream.name ? ` (${stream.name})` : ""}, ${stream.accountName} ${stream.region}, as ${stream.roleName}\n`,
    );

    const WebSocket = await loadSessionRuntime();
    const terminal = new Terminal();
    const connection = new ShellConnection({
      credentials: stream,
      resume: (sessionId) => resumeSession(ctx, session, sessionId),
      WebSocket,
      maxAttempts: 6,
    });
    return await new Promise<number>((resolve) => {
      let pendingWrites = 0;
      let finalPhase: ShellPhase | null = null;
      const cleanups: Array<() => void> = [];
      const finish = (code: number) => {
        for (const cleanup of cleanups.splice(0)) cleanup();
        terminal.restore();
        process.stdin.pause();
        connection.dispose();
        resolve(code);
      };
      const settle = () => {
        if (!finalPhase || pendingWrites > 0) return;
        const phase = finalPhase;
        if (phase.kind === "ended") {
          ctx.stderr(`\r\ngatehouse: ${phase.message.replace(/\s+$/, "")} (session ${stream.sessionId})\n`);
          finish(EXIT.ok);
        } else if (phase.kind === "failed") {
          ctx.stderr(`\r\ngatehouse: ${phase.message} (session ${stream.sessionId})\n`);
          void terminateSession(ctx, session, stream.sessionId).then(() => finish(EXIT.failed));
        }
      };
      // Output frames that arrive in one turn of the event loop go to the terminal in one write.
      let queued: Uint8Array[] = [];
      const flush = () => {
        const chunks = queued;
        queued = [];
        process.stdout.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), () => {
          pendingWrites--;
          settle();
        });
      };
      connection.on("output", (bytes) => {
        if (queued.length === 0) {
          pendingWrites++;
          setImmediate(flush);
        }
        queued.push(bytes);
      });
      connection.on("phase", (phase) => {
        if (phase.kind === "reconnecting" && phase.attempt === 1) ctx.stderr("\r\ngatehouse: connection lost, resuming the session…\r\n");
        if (phase.kind === "ended" || phase.kind === "failed") {
          finalPhase = phase;
          settle();
        }
      });

      const size = terminal.size();
      if (size) connection.resize(size.cols, size.rows);
      cleanups.push(terminal.onResize(({ cols, rows }) => connection.resize(cols, rows)));
      terminal.enterRaw();
      const onData = (chunk: Buffer) => connection.sendInput(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      process.stdin.on("data", onData);
      cleanups.push(() => process.stdin.off("data", onData));
      // Signals this process gets (not keys: raw mode passes those to the shell) end the session cleanly.
      for (const signal of ["SIGTERM", "SIGHUP"] as const) {
        const onSignal = () => {
          ctx.stderr(`\r\ngatehouse: ${signal}: ending session ${stream.sessionId}\n`);
          void terminateSession(ctx, session, stream.sessionId).then(() => finish(EXIT.failed));
        };
        process.on(signal, onSignal);
        cleanups.push(() => process.off(signal, onSignal));
      }
      if (!terminal.isTty) {
        // Piped input: when it ends, ask the remote shell to exit once it has run what it was given.
        const onEnd = () => connection.sendInput("\nexit\n");
        process.stdin.on("end", onEnd);
        cleanups.push(() => process.stdin.off("end", onEnd));
      }
      process.stdin.resume();
      connection.start();
    });
  },
};
