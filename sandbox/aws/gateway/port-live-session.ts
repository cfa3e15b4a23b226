// One port session's agent side (AWS-StartPortForwardingSession, …ToRemoteHost, AWS-StartSSHSession): the port
// plugin (port-agent.ts) behind the session's channel, dialling real TCP ports. The sandbox's "instance" is this
// machine, so destinations are reached only on loopback; anything else fails as an unreachable address would.
// Session Manager keeps no log of port sessions, so there is no transcript, only a short list of notes.
import { lookup } from "node:dns/promises";
import net from "node:net";
import { isLoopback, parseIp } from "@/lib/net/ip-address";
import type { LocalConnection } from "@/lib/ssm/port-forwarder";
import { AgentSession, type AgentSessionConfig } from "./agent-session";
import type { FaultInjector } from "./faults";
import { PortAgent } from "./port-agent";
import type { SessionRecord, SessionRegistry } from "./session-registry";

export interface PortSessionConfig extends AgentSessionConfig {
  agentVersion: string;
  handshakeTimeoutMs: number;
  /** How long the last output may wait for acknowledgement before channel_closed. */
  drainOnExitMs: number;
  /** Addresses the agent refuses besides its default list: the instance VPC's reserved addresses. */
  deniedAddresses: (record: Readonly<SessionRecord>) => string[];
}

const NOTE_LIMIT = 200;

/** net.LookupHost: every address of a name; an IP literal is its own answer. */
async function resolveHost(host: string): Promise<string[]> {
  if (net.isIP(host)) return [host];
  return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
}

/** Connect to one address; only loopback addresses exist on the sandbox's instances. */
function dialAddress(address: string, port: number): Promise<LocalConnection> {
  return new Promise((resolve, reject) => {
    const ip = parseIp(address);
    if (!ip || !isLoopback(ip)) {
      reject(
        new Error(
          `dial tcp ${net.isIPv6(address) ? `[${address}]` : address}:${port}: connect: network is unreachable (the sandbox's instances reach only loopback)`,
        ),
      );
      return;
    }
    const socket = net.connect({ host: address, port });
    socket.once("connect", () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (error) => reject(new Error(`dial tcp ${address}:${port}: ${error.message}`)));
  });
}

/** Dial host:port as Go's dialer does: each resolved address in turn, the first error reported. */
async function dial(host: string, port: number): Promise<LocalConnection> {
  const addresses = net.isIP(host) ? [host] : await resolveHost(host);
  let first: Error | undefined;
  for (const address of addresses) {
    try {
      return await dialAddress(address, port);
    } catch (error) {
      first ??= error as Error;
    }
  }
  throw first ?? new Error(`dial tcp ${host}:${port}: no address`);
}

export class PortLiveSession extends AgentSession {
  private readonly agent: PortAgent;
  private readonly notes: string[] = [];

  constructor(
    record: Readonly<SessionRecord>,
    registry: SessionRegistry,
    faults: FaultInjector,
    private readonly config: PortSessionConfig,
    onEnded: () => void,
  ) {
    super(record, registry, faults, config, onEnded);
    this.note(`session ${record.sessionId} started: target=${record.target} document=${record.documentName} owner=${record.ownerArn}`);
    this.agent = new PortAgent({
      channel: this.channel,
      agentVersion: config.agentVersion,
      properties: record.properties ?? {},
      dial,
      resolve: resolveHost,
      deniedAddresses: config.deniedAddresses(record),
      handshakeTimeoutMs: config.handshakeTimeoutMs,
      onEnd: (status, output, reason) => void this.end(status, output, reason),
      note: (line) => this.note(line),
    });
    this.channel.on("error", (error) => this.finish(`Session failed: ${error.message}`, "Failed", error.code));
    this.agent.start();
  }

  /** What happened in the session, oldest first (the last 200 lines). */
  get log(): readonly string[] {
    return this.notes;
  }

  protected note(line: string): void {
    this.notes.push(`${new Date().toISOString()} ${line}`);
    if (this.notes.length > NOTE_LIMIT) this.notes.shift();
  }

  protected stopWork(reason: string): void {
    this.note(`session ended: ${reason}`);
    this.agent.stop();
  }

  private async end(status: "Terminated" | "Failed", output: string, reason: string): Promise<void> {
    if (this.hasEnded) return;
    // The plugin's session is over; let what is in flight reach the client first.
    this.agent.stop();
    await this.drain(this.config.drainOnExitMs);
    this.finish(output, status, reason);
  }
}
