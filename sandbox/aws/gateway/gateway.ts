// The sandbox's message gateway (the local stand-in for ssmmessages): WebSocket upgrades on
// /v1/data-channel/<sessionId> of an existing HTTP server. A client opens with the JSON text frame
// carrying TokenValue; the gateway redeems it with the SessionRegistry and then speaks the data-channel
// protocol as the agent side, in front of a real shell, or, for port documents, as the agent's port plugin
// dialling real TCP ports on loopback (docs/session-manager-protocol.md#what-a-gateway-must-do, #port-sessions).
import type { IncomingMessage, Server } from "node:http";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { parseOpenDataChannelMessage } from "@/lib/ssm/payloads";
import { vpcReservedAddresses } from "@/lib/ssm/destinations";
import type { AgentSession } from "./agent-session";
import { FaultInjector, type FaultStats, type GatewayFaults } from "./faults";
import { LiveSession, type LiveSessionConfig } from "./live-session";
import { PortLiveSession, type PortSessionConfig } from "./port-live-session";
import type { SpawnPtyOptions } from "./pty-process";
import type { SessionRegistry } from "./session-registry";

export interface GatewayOptions {
  /**
   * Run the handshake (HandshakeRequest / Response / Complete) before the shell, to exercise the
   * client's handshake path. Real agents skip it for plain shells, so the default is false.
   */
  handshake?: boolean | { customerMessage?: string; timeoutMs?: number };
  /** Where instance home directories go. Default os.tmpdir()/gatehouse-sandbox. */
  rootDir?: string;
  /** Where transcripts go. Default <rootDir>/transcripts. */
  transcriptDir?: string;
  /** Time allowed between the upgrade and the opening text frame. Default 10 s. */
  openTimeoutMs?: number;
  /** Interval of WebSocket pings that detect dead clients. Default 30 s. */
  heartbeatMs?: number;
  ptyBackend?: SpawnPtyOptions["backend"];
  nodePtyPath?: string;
  /** AgentVersion in handshakes. Port sessions choose mux mode only on agents newer than 3.0.196.0. */
  agentVersion?: string;
  faults?: GatewayFaults;
  /**
   * "ignore" (default): like the agent, do not check client frames' PayloadDigest. "verify": drop frames whose digest
   * is wrong, as the plugin does; tests that prove Gatehouse's digests are right use it.
   */
  payloadDigests?: "ignore" | "verify";
  /**
   * The VPC primary CIDR of an instance, whose first four addresses and broadcast address the agent refuses to
   * forward to. The sandbox's server gives the /16 around the instance's private IP (10.40.1.21 → 10.40.0.0/16).
   */
  vpcCidrOf?: (target: string) => string | undefined;
}

export interface Gateway {
  /** Drop/duplicate/reorder outgoing frames from now on; null or zeros turn it off. */
  setGatewayFaults(faults: GatewayFaults | null): void;
  readonly faultStats: FaultStats;
  /** Abruptly drop the session's socket (the shell stays). False if it has none. */
  disconnect(sessionId: string): boolean;
  /** Transcript file of a session that has a shell (or had one in this process). */
  transcriptPath(sessionId: string): string | undefined;
  /** Sessions with a running shell or port plugin. */
  liveSessionIds(): string[];
  /** A live port session's notes (dials, refusals, flags), oldest first. */
  portSessionLog(sessionId: string): readonly string[] | undefined;
  /** The shell behind a live session: its pid, pty backend and whether a client is attached. */
  liveSessionInfo(sessionId: string): { pid?: number; backend?: string; attached: boolean } | undefined;
  /** Stop accepting upgrades, end every session, close the sockets. */
  close(): Promise<void>;
}

const DATA_CHANNEL_PATH = /^\/v1\/data-channel\/([^/]+)$/;

export function attachGateway(server: Server, registry: SessionRegistry, options: GatewayOptions = {}): Gateway {
  const rootDir = options.rootDir ?? path.join(os.tmpdir(), "gatehouse-sandbox");
  const handshake: false | { customerMessage?: string; timeoutMs?: number } = options.handshake === true ? {} : options.handshake || false;
  const verifyPayloadDigests = options.payloadDigests === "verify";
  const agentVersion = options.agentVersion ?? "3.3.0.0";
  const config: LiveSessionConfig = {
    verifyPayloadDigests,
    rootDir,
    transcriptDir: options.transcriptDir ?? path.join(rootDir, "transcripts"),
    handshake: handshake && { customerMessage: handshake.customerMessage ?? "", timeoutMs: handshake.timeoutMs ?? 15_000 },
    ptyBackend: options.ptyBackend ?? "auto",
    nodePtyPath: options.nodePtyPath,
    agentVersion,
    drainOnExitMs: 2_000,
  };
  const portConfig: PortSessionConfig = {
    verifyPayloadDigests,
    agentVersion,
    handshakeTimeoutMs: handshake ? (handshake.timeoutMs ?? 15_000) : 15_000,
    drainOnExitMs: 2_000,
    deniedAddresses: (record) => {
      const cidr = options.vpcCidrOf?.(record.target);
      return cidr ? vpcReservedAddresses(cidr) : [];
    },
  };
  const faults = new FaultInjector();
  faults.set(options.faults ?? null);
  const live = new Map<string, AgentSession>();
  const transcripts = new Map<string, string>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = DATA_CHANNEL_PATH.exec(new URL(req.url ?? "/", "http://gateway").pathname);
    if (!match) return; // someone else's upgrade
    let sessionId: string;
    try {
      sessionId = decodeURIComponent(match[1]!);
    } catch {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, sessionId));
  };

  const accept = (ws: WebSocket, sessionId: string) => {
    alive.set(ws, true);
    ws.on("pong", () => alive.set(ws, true));
    const timer = setTimeout(() => ws.close(1008, "no opening message"), options.openTimeoutMs ?? 10_000);
    ws.once("close", () => clearTimeout(timer));
    ws.once("message", (data: Buffer, isBinary: boolean) => {
      clearTimeout(timer);
      if (isBinary) return ws.close(1008, "expected the opening JSON text frame");
      let token: string;
      try {
        token = parseOpenDataChannelMessage(data.toString("utf8")).TokenValue;
      } catch {
        return ws.close(1008, "malformed opening message");
      }
      const record = registry.get(sessionId);
      if (!record || !registry.redeemToken(sessionId, token)) return ws.close(1008, "invalid or expired token");
      let session = live.get(sessionId);
      if (!session) {
        const ended = () => live.delete(sessionId);
        if (record.sessionType === "Port") {
          session = new PortLiveSession(record, registry, faults, portConfig, ended);
        } else {
          const shell = new LiveSession(record, registry, faults, config, ended);
          transcripts.set(sessionId, shell.transcript.file);
          session = shell;
        }
        live.set(sessionId, session);
      }
      session.attach(ws);
    });
  };

  const unsubscribe = registry.onTerminate((record, reason) => {
    const message = reason === "abandoned" ? "Session timed out." : `Session ${record.sessionId} was terminated.`;
    live.get(record.sessionId)?.terminate(message, reason);
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  server.on("upgrade", onUpgrade);

  return {
    setGatewayFaults: (next) => faults.set(next),
    faultStats: faults.stats,
    disconnect: (sessionId) => live.get(sessionId)?.forceDisconnect() ?? false,
    transcriptPath: (sessionId) => transcripts.get(sessionId),
    liveSessionIds: () => [...live.keys()],
    portSessionLog: (sessionId) => {
      const session = live.get(sessionId);
      return session instanceof PortLiveSession ? session.log : undefined;
    },
    liveSessionInfo: (sessionId) => {
      const session = live.get(sessionId);
      return session && { pid: session.pid, backend: session.backend, attached: session.isAttached };
    },
    close: async () => {
      server.off("upgrade", onUpgrade);
      clearInterval(heartbeat);
      unsubscribe();
      for (const session of [...live.values()]) session.terminate("The sandbox gateway is shutting down.", "gateway closed");
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
