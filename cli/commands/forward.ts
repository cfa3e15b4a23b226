// gatehouse forward <instance> --remote-port N [--remote-host H] [--local-port L]: a local TCP port on 127.0.0.1
// forwarded through Session Manager to a port on the instance (AWS-StartPortForwardingSession) or on a host it
// reaches (…ToRemoteHost), several connections at once (smux in mux mode; one at a time with --basic or an old
// agent), until Ctrl-C.
import type { Server, Socket } from "node:net";
import { PortForwarder } from "@/lib/ssm/port-forwarder";
import { requireOption, stringOption } from "../args";
import type { Command } from "../command";
import { CliError, EXIT } from "../errors";
import { FORWARD_DOCUMENT, FORWARD_REMOTE_DOCUMENT, parsePort } from "../port-options";
import { runPortSession } from "../port-runner";
import { loadSessionRuntime } from "../session-runtime";
import { startSession } from "../session-api";
import { requireSession } from "../session-store";
import { sessionTarget, TARGET_OPTIONS_HELP } from "./shell";

const LOOPBACK = "127.0.0.1";

async function listen(port: number): Promise<Server> {
  // Loaded here, not at start-up (see cli/main.ts): most gatehouse runs are credential_process calls.
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer({ pauseOnConnect: true });
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

export const forward: Command = {
  spec: {
    name: "forward",
    options: {
      "remote-port": "string",
      "remote-host": "string",
      "local-port": "string",
      reason: "string",
      account: "string",
      region: "string",
      basic: "boolean",
    },
    positionals: 1,
  },
  summary: "forward a local port to a port on (or reached from) an instance",
  usage: `Usage: gatehouse forward INSTANCE --remote-port PORT [--remote-host HOST] [--local-port PORT] [--reason TEXT]

Listens on 127.0.0.1 and forwards every connection through Session Manager to PORT on INSTANCE (its id or Name
tag), or, with --remote-host, to HOST:PORT as INSTANCE reaches it (a database, a cache, an internal web app).
Several connections at once. Runs until Ctrl-C. A connection the instance cannot make is reported and the listener
keeps accepting. Your access profile decides which hosts and ports are allowed; every forward is audited.

Options:
  --remote-port PORT   the port to reach (required)
  --remote-host HOST   a host name or IP address the instance connects to (default: the instance itself)
  --local-port PORT    the local port (default: the remote port, or any free one if that is taken; 0: any)
  --basic              one connection at a time (the mode for SSM agents before 3.0.222.0)
${TARGET_OPTIONS_HELP}

Example:
  gatehouse forward db-bastion --remote-host mydb.abc123.us-east-1.rds.amazonaws.com --remote-port 5432 --local-port 15432
  psql -h 127.0.0.1 -p 15432 -U app
`,
  async run(ctx, args) {
    const instance = args.positionals[0];
    if (!instance) throw new CliError("name the instance: its id or its Name tag\nSee: gatehouse forward --help", EXIT.usage);
    const remotePort = parsePort(requireOption(forward.spec, args, "remote-port"), "--remote-port", "forward")!;
    const given = stringOption(args, "local-port");
    const localPort = given === "0" ? 0 : parsePort(given, "--local-port", "forward");
    const remoteHost = stringOption(args, "remote-host");
    const login = requireSession(ctx);

    // The listener first: a port already in use is known before any session is started.
    let server: Server;
    try {
      server = await listen(localPort ?? remotePort);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (localPort !== undefined || (code !== "EADDRINUSE" && code !== "EACCES"))
        throw new CliError(`cannot listen on ${LOOPBACK}:${localPort ?? remotePort} (${code ?? "error"}): choose another --local-port`);
      server = await listen(0);
    }
    const port = (server.address() as { port: number }).port;
    const destination = `${remoteHost ?? "the instance"}:${remotePort}`;
    try {
      const stream = await startSession(ctx, login, "/api/v1/forward", sessionTarget(instance, args), {
        document: remoteHost ? FORWARD_REMOTE_DOCUMENT : FORWARD_DOCUMENT,
        parameters: { portNumber: remotePort, localPortNumber: port, ...(remoteHost ? { host: remoteHost } : {}) },
      });
      await loadSessionRuntime();
      const running = runPortSession(ctx, login, stream, {
        basic: args.options.basic === true,
        onReady: (info) =>
          ctx.stderr(
            `gatehouse: forwarding ${LOOPBACK}:${port} to ${destination} through ${stream.instanceId}${stream.name ? ` (${stream.name})` : ""} (session ${stream.sessionId}, ${info.mode === "mux" ? "several connections at once" : "one connection at a time"}). Ctrl-C to stop.\n`,
          ),
      });
      const forwarder = new PortForwarder(running.session);
      forwarder.on("connectError", ({ message }) =>
        ctx.stderr(`gatehouse: the instance could not connect to ${destination}: ${message} The listener keeps accepting.\n`),
      );
      forwarder.on("close", (summary) => {
        if (summary.error) ctx.stderr(`gatehouse: connection ${summary.id} ended: ${summary.error}\n`);
      });
      server.on("connection", (socket: Socket) => {
        socket.setNoDelay(true);
        forwarder.accept(socket);
      });
      running.session.connect();

      const onSignal = () => void running.stop();
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      const end = await running.ended;
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      forwarder.close();
      if (end.byUs) {
        ctx.stderr(`gatehouse: stopped forwarding ${LOOPBACK}:${port}; session ${stream.sessionId} ended\n`);
        return EXIT.ok;
      }
      ctx.stderr(`gatehouse: ${end.message} (session ${stream.sessionId})\n`);
      return EXIT.failed;
    } finally {
      server.close();
    }
  },
};
