// gatehouse proxy <instance> <port>: an ssh ProxyCommand (`ssh -o ProxyCommand='gatehouse proxy %h %p' user@i-…`):
// standard input and output carried over AWS-StartSSHSession to PORT on the instance. Standard output is the
// connection's alone; everything else goes to standard error.
import type { LocalConnection } from "@/lib/ssm/port-forwarder";
import { PortForwarder } from "@/lib/ssm/port-forwarder";
import type { Command } from "../command";
import { EXIT, usageError } from "../errors";
import { parsePort, SSH_DOCUMENT } from "../port-options";
import { runPortSession } from "../port-runner";
import { loadSessionRuntime } from "../session-runtime";
import { startSession } from "../session-api";
import { requireSession } from "../session-store";
import { sessionTarget, TARGET_OPTIONS_HELP } from "./shell";

/** Standard input and output as one connection. */
function stdioConnection(): LocalConnection {
  const connection: LocalConnection = {
    write: (data) => process.stdout.write(data),
    end: () => process.stdout.end(),
    destroy: () => {
      process.stdin.destroy();
      process.stdout.destroy();
    },
    pause: () => process.stdin.pause(),
    resume: () => process.stdin.resume(),
    on(event: "data" | "end" | "drain" | "close" | "error", listener: (...args: never[]) => void) {
      const handler = listener as (...args: unknown[]) => void;
      if (event === "drain") process.stdout.on("drain", handler);
      else process.stdin.on(event, handler);
      return connection;
    },
  };
  return connection;
}

export const proxy: Command = {
  spec: { name: "proxy", options: { reason: "string", account: "string", region: "string" }, positionals: 2 },
  summary: "carry an ssh connection over Session Manager (ssh's ProxyCommand)",
  usage: `Usage: gatehouse proxy INSTANCE PORT [--reason TEXT] [--account ACCOUNT] [--region REGION]

For ssh's ProxyCommand: connects standard input and output to PORT (22 for sshd) on INSTANCE (its id or Name tag)
through Session Manager (AWS-StartSSHSession), so ssh, scp, sftp and git reach instances with no open inbound
port. gatehouse ssh-config prints the ~/.ssh/config block that uses it.

  ssh -o ProxyCommand='gatehouse proxy %h %p' ec2-user@i-0123456789abcdef0

Options:
${TARGET_OPTIONS_HELP}
`,
  async run(ctx, args) {
    const [instance, portText] = args.positionals;
    if (!instance || !portText) throw usageError("give the instance and the port: gatehouse proxy INSTANCE PORT", "proxy");
    const port = parsePort(portText, "PORT", "proxy")!;
    const login = requireSession(ctx);
    const stream = await startSession(ctx, login, "/api/v1/forward", sessionTarget(instance, args), {
      document: SSH_DOCUMENT,
      parameters: { portNumber: port },
    });
    await loadSessionRuntime();
    const running = runPortSession(ctx, login, stream, { quiet: true });
    const forwarder = new PortForwarder(running.session);
    forwarder.on("connectError", ({ message }) => ctx.stderr(`gatehouse: the instance could not connect to port ${port}: ${message}\n`));
    running.session.connect();
    forwarder.accept(stdioConnection());
    const onSignal = () => void running.stop();
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onSignal);
    const end = await running.ended;
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
    await new Promise<void>((resolve) => (process.stdout.writableEnded ? resolve() : process.stdout.end(resolve)));
    if (end.failed) {
      ctx.stderr(`gatehouse: ${end.message} (session ${stream.sessionId})\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};
