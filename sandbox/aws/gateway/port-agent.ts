// The agent side of a port session (amazon-ssm-agent's port plugin: port.go, port_mux.go, port_basic.go), over an
// agent-role DataChannel. Transport-free: the gateway's port-live-session.ts gives it a channel and a way to dial
// and resolve, tests can give it in-memory ones. docs/session-manager-protocol.md#port-sessions says what it
// follows:
// - the handshake always runs (RequireHandshake is true for Port), with the document's properties;
// - the mode comes from the document's type and the ClientVersion of the HandshakeResponse: mux (smux v1 server)
//   for LocalPortForwarding from a client ≥ 1.1.70, basic otherwise (and always on an agent too old for mux);
// - a host is resolved once at the start and refused when it is a denied address ("Forwarding to IP address … is
//   forbidden.", which fails the session); with no host the agent dials localhost;
// - mux: each accepted stream dials the destination; a failed dial sends ConnectToPortError and closes the stream;
// - basic: the destination is dialled at the start; DisconnectToPort closes it and the next data dials again;
//   without a type (SSH) the destination's EOF ends the session.
// One simplification: where the agent leaves client data unacknowledged until its connection exists (so the client
// resends), this stand-in acknowledges and queues it; the bytes reach the destination in the same order.
import type { DataChannel } from "@/lib/ssm/channel";
import {
  buildHandshakeCompletePayload,
  buildHandshakeRequestPayload,
  isHandshakeAccepted,
  parseHandshakeResponsePayload,
  PayloadType,
  PayloadTypeFlag,
  SessionTypeName,
} from "@/lib/ssm/codec";
import { deniedRemoteAddress } from "@/lib/ssm/destinations";
import { parseIp } from "@/lib/net/ip-address";
import type { LocalConnection } from "@/lib/ssm/port-forwarder";
import { LOCAL_PORT_FORWARDING } from "@/lib/ssm/port-session";
import { SMUX_KEEPALIVE, SmuxSession, type SmuxStream } from "@/lib/ssm/smux";
import { clientDisablesKeepAlive, clientSupportsMux, comparePluginStyle, PortVersions } from "@/lib/ssm/versions";

/** The port plugin's parameters: only host, portNumber and type reach the agent (localPortNumber is the client's). */
export interface PortProperties {
  portNumber?: string;
  host?: string;
  type?: string;
  localPortNumber?: string;
}

export interface PortAgentOptions {
  channel: DataChannel;
  agentVersion: string;
  /** The session document's properties with the StartSession parameters substituted. */
  properties: PortProperties;
  /** Dial host:port; reject with an Error whose message says why (as net.Dial's error would). */
  dial: (host: string, port: number) => Promise<LocalConnection>;
  /** net.LookupHost: the addresses of a name (an IP literal resolves to itself). */
  resolve: (host: string) => Promise<string[]>;
  /** Addresses refused on top of the agent's default list (the VPC's reserved addresses). */
  deniedAddresses: readonly string[];
  handshakeTimeoutMs: number;
  /** The session is over: `status` as the session's, `output` for the client's channel_closed. */
  onEnd: (status: "Terminated" | "Failed", output: string, reason: string) => void;
  /** Progress for the session's log. */
  note?: (line: string) => void;
}

export type PortAgentMode = "mux" | "basic";

/** TCP bytes travel as Output payloads; everything the agent sends is chunked to 1,024 bytes by the channel. */
const flagPayload = (flag: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, flag, false);
  return bytes;
};

export class PortAgent {
  private phase: "handshake" | "running" | "ended" = "handshake";
  private mode: PortAgentMode | null = null;
  private clientVersion = "";
  private startedAt = 0;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private addresses: string[] = [];
  private mux: SmuxSession | null = null;
  private readonly muxConnections = new Set<LocalConnection>();
  // Basic mode
  private destination: LocalConnection | null = null;
  private dialling: Promise<void> | null = null;
  private reconnect = false;
  private readonly pending: Uint8Array[] = [];
  private readonly offs: (() => void)[] = [];

  constructor(private readonly options: PortAgentOptions) {
    const channel = options.channel;
    this.offs.push(channel.on("data", ({ payloadType, payload }) => this.receive(payloadType, payload)));
    this.offs.push(
      channel.on("drain", () => {
        this.mux?.notifyDrain();
        this.resumeDestinations();
      }),
    );
  }

  get currentMode(): PortAgentMode | null {
    return this.mode;
  }

  /** Send the HandshakeRequest (message 0) and wait for the response. */
  start(): void {
    this.startedAt = performance.now();
    this.options.channel.sendStream(
      PayloadType.HandshakeRequest,
      buildHandshakeRequestPayload({ agentVersion: this.options.agentVersion, sessionType: SessionTypeName.Port, properties: this.options.properties }),
    );
    this.handshakeTimer = setTimeout(() => this.end("Failed", "Session failed: no handshake response", "handshake timeout"), this.options.handshakeTimeoutMs);
  }

  /** TerminateSession, the gateway shutting down, or the session ending otherwise: close every connection. */
  stop(): void {
    if (this.phase === "ended") return;
    this.phase = "ended";
    clearTimeout(this.handshakeTimer);
    for (const off of this.offs) off();
    this.mux?.close();
    for (const connection of this.muxConnections) connection.destroy();
    this.muxConnections.clear();
    this.destination?.destroy();
    this.destination = null;
  }

  private end(status: "Terminated" | "Failed", output: string, reason: string): void {
    if (this.phase === "ended") return;
    this.stop();
    this.options.onEnd(status, output, reason);
  }

  private note(line: string): void {
    this.options.note?.(line);
  }

  private receive(payloadType: number, payload: Uint8Array): void {
    if (this.phase === "ended") return;
    if (this.phase === "handshake") {
      // Until HandshakeComplete the agent acknowledges other client data but throws it away.
      if (payloadType === PayloadType.HandshakeResponse) void this.finishHandshake(payload);
      return;
    }
    if (payloadType === PayloadType.Flag) return this.receiveFlag(payload);
    if (payloadType !== PayloadType.Output) return;
    if (this.mux) return this.mux.receive(payload);
    // Basic mode, or data that came before the mode is set up (the agent would leave it unacknowledged).
    this.pending.push(payload);
    if (this.mode === "basic") void this.flushBasic();
  }

  private receiveFlag(payload: Uint8Array): void {
    if (payload.length < 4) return;
    const flag = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, false);
    if (flag === PayloadTypeFlag.TerminateSession) {
      this.note("TerminateSession flag received");
      return this.end("Terminated", "", "TerminateSession flag");
    }
    // DisconnectToPort: basic mode only (the mux session handles its streams itself).
    if (flag === PayloadTypeFlag.DisconnectToPort && this.mode === "basic") {
      this.note("DisconnectToPort flag received: closing the destination connection");
      this.reconnect = true;
      const destination = this.destination;
      this.destination = null;
      destination?.destroy();
    }
  }

  private async finishHandshake(payload: Uint8Array): Promise<void> {
    clearTimeout(this.handshakeTimer);
    let accepted = false;
    let detail = "malformed HandshakeResponse";
    try {
      const response = parseHandshakeResponsePayload(payload);
      accepted = isHandshakeAccepted(response);
      detail = response.Errors.join("; ") || "client refused an action";
      this.clientVersion = response.ClientVersion;
    } catch {
      accepted = false;
    }
    if (!accepted) return this.end("Failed", `Session failed: handshake refused (${detail})`, "handshake refused");
    // Running first: the client may answer HandshakeComplete at once (here, even before sendStream returns).
    this.phase = "running";
    this.options.channel.sendStream(
      PayloadType.HandshakeComplete,
      buildHandshakeCompletePayload({ timeToCompleteNs: (performance.now() - this.startedAt) * 1e6 }),
    );
    // The plugin's initializeParameters, after the handshake (the mode needs the client's version).
    const { portNumber, host, type } = this.options.properties;
    if (!portNumber) return this.end("Failed", `Port number is empty in session properties. ${JSON.stringify(this.options.properties)}`, "no port number");
    if (host) {
      let resolved: string[] = [];
      try {
        resolved = await this.options.resolve(host);
      } catch {
        // The agent ignores a lookup error here; every dial then fails with "missing address".
      }
      for (const address of resolved) {
        const ip = parseIp(address);
        if (ip && deniedRemoteAddress(ip, this.options.deniedAddresses)) {
          return this.end("Failed", `Forwarding to IP address ${host} is forbidden.`, `denied address ${address}`);
        }
      }
      this.addresses = resolved;
    }
    if (this.phase !== "running") return;
    const agentHasMux = comparePluginStyle(this.options.agentVersion, PortVersions.muxAfterAgentVersion) === 1;
    this.mode = type === LOCAL_PORT_FORWARDING && agentHasMux && clientSupportsMux(this.clientVersion) ? "mux" : "basic";
    this.note(`port session: ${this.mode} mode, client ${this.clientVersion || "(no version)"}, destination ${host ?? "localhost"}:${portNumber}`);
    if (this.mode === "mux") return this.startMux();
    // Basic mode dials straight away (InitializeSession); failing to connect fails the session.
    try {
      await this.dialBasic();
    } catch (error) {
      return this.end("Failed", `Unable to connect to specified port: ${(error as Error).message}`, "destination unreachable");
    }
    void this.flushBasic();
  }

  /** DialCall: localhost without a host, otherwise each resolved address in turn, reporting the first error. */
  private async dialDestination(): Promise<LocalConnection> {
    const { host, portNumber } = this.options.properties;
    const port = Number(portNumber);
    if (!host) return this.options.dial("localhost", port);
    let first: Error | undefined;
    for (const address of this.addresses) {
      try {
        return await this.options.dial(address, port);
      } catch (error) {
        first ??= error as Error;
      }
    }
    throw first ?? new Error("missing address");
  }

  // ---- mux -------------------------------------------------------------------------------------------

  private startMux(): void {
    const mux = new SmuxSession({
      role: "server",
      send: (bytes) => this.options.channel.sendStream(PayloadType.Output, bytes),
      // "Disable smux KeepAlive or else it breaks Session Manager idle timeout", for clients newer than 1.2.331.0.
      keepAlive: clientDisablesKeepAlive(this.clientVersion) ? false : SMUX_KEEPALIVE,
    });
    mux.on("stream", (stream) => void this.acceptStream(stream));
    mux.on("close", ({ error }) => {
      if (error) this.end("Failed", `Session failed: ${error.message}`, `smux: ${error.code}`);
    });
    this.mux = mux;
    for (const bytes of this.pending.splice(0)) mux.receive(bytes);
  }

  private async acceptStream(stream: SmuxStream): Promise<void> {
    // Hold what the client sends until the destination answers.
    stream.pause();
    let connection: LocalConnection;
    try {
      connection = await this.dialDestination();
    } catch (error) {
      this.note(`stream ${stream.id}: unable to dial the destination: ${(error as Error).message}`);
      this.options.channel.sendStream(PayloadType.Flag, flagPayload(PayloadTypeFlag.ConnectToPortError));
      stream.destroy();
      return;
    }
    if (this.phase === "ended" || stream.isClosed) {
      connection.destroy();
      return;
    }
    this.muxConnections.add(connection);
    this.note(`stream ${stream.id}: connected`);
    connection.on("data", (chunk) => {
      if (stream.writable && !stream.write(chunk)) connection.pause();
    });
    // handleDataTransfer: whichever side ends first closes the other.
    connection.on("end", () => stream.end());
    connection.on("error", () => stream.destroy());
    connection.on("close", () => {
      this.muxConnections.delete(connection);
      stream.destroy();
    });
    stream.on("data", (bytes) => {
      if (!connection.write(bytes)) stream.pause();
    });
    connection.on("drain", () => stream.resume());
    stream.on("end", () => connection.end());
    stream.on("close", () => connection.end());
    stream.resume();
  }

  // ---- basic -----------------------------------------------------------------------------------------

  private async dialBasic(): Promise<void> {
    const connection = await this.dialDestination();
    if (this.phase === "ended") return connection.destroy();
    this.destination = connection;
    this.reconnect = false;
    const portType = this.options.properties.type;
    connection.on("data", (chunk) => {
      if (connection === this.destination && !this.options.channel.sendStream(PayloadType.Output, chunk)) connection.pause();
    });
    const lost = (error?: Error) => {
      if (connection !== this.destination) return;
      this.destination = null;
      if (portType === LOCAL_PORT_FORWARDING) {
        // handlePortError: wait for the client's next data to dial again.
        this.reconnect = true;
        return;
      }
      // handleSSHDPortError: EOF ends the session successfully, any other error fails it.
      if (error) this.end("Failed", `Session failed: ${error.message}`, "destination error");
      else this.end("Terminated", "", "destination closed the connection");
    };
    connection.on("error", (error) => lost(error));
    connection.on("end", () => lost());
    connection.on("close", () => lost());
  }

  private async flushBasic(): Promise<void> {
    if (this.dialling) return;
    while (this.pending.length > 0 && this.phase === "running" && this.mode === "basic") {
      if (!this.destination) {
        if (!this.reconnect) return; // still dialling at the start
        // HandleStreamMessage: after DisconnectToPort (or a lost connection) the next data dials again first.
        this.dialling = this.dialBasic().catch((error: Error) =>
          this.end("Failed", `Unable to connect to specified port: ${error.message}`, "destination unreachable"),
        );
        await this.dialling;
        this.dialling = null;
        if (!this.destination) return;
      }
      // The socket buffers what it cannot send yet; the client's own back-pressure is the data channel's window.
      this.destination.write(this.pending.shift()!);
    }
  }

  private resumeDestinations(): void {
    this.destination?.resume();
    for (const connection of this.muxConnections) connection.resume();
  }
}
