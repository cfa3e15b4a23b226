import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { DataChannel } from "@/lib/ssm/channel";
import { decodeClientMessage, MessageType, parseHandshakeResponsePayload, PayloadType, type ClientMessage } from "@/lib/ssm/codec";
import { PortForwarder, type ConnectionSummary } from "@/lib/ssm/port-forwarder";
import { CONNECT_TO_PORT_ERROR_MESSAGE, PortSession, type PortSessionOptions } from "@/lib/ssm/port-session";
import { compareAgentStyle, comparePluginStyle } from "@/lib/ssm/versions";
import { PortAgent, type PortAgentOptions, type PortProperties } from "@/sandbox/aws/gateway/port-agent";
import { echo, memoryServer, socketPair, until, type MemorySocket } from "./memory-socket";

// The client side of port sessions (lib/ssm/port-session.ts, port-forwarder.ts) against the sandbox's agent side
// (sandbox/aws/gateway/port-agent.ts), joined by a direct in-memory link: the handshake, the mode each side picks,
// the flags, and connections through the forwarder. docs/session-manager-protocol.md#port-sessions.

const FORWARD: PortProperties = { portNumber: "5432", type: "LocalPortForwarding", localPortNumber: "15432" };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

interface Setup {
  agentVersion?: string;
  properties?: PortProperties;
  client?: PortSessionOptions;
  dial?: PortAgentOptions["dial"];
  resolve?: PortAgentOptions["resolve"];
}

function connect(setup: Setup = {}) {
  const client = new PortSession(setup.client);
  const agentChannel = new DataChannel({ role: "agent", verifyDigest: false });
  const fromClient: ClientMessage[] = [];
  const ended: { status: string; output: string; reason: string }[] = [];
  const server = memoryServer((socket) => echo(socket, "echo:"));
  const agent = new PortAgent({
    channel: agentChannel,
    agentVersion: setup.agentVersion ?? "3.3.0.0",
    properties: setup.properties ?? FORWARD,
    dial: setup.dial ?? server.dial,
    resolve: setup.resolve ?? (async (host) => [host]),
    deniedAddresses: [],
    handshakeTimeoutMs: 5_000,
    onEnd: (status, output, reason) => ended.push({ status, output, reason }),
  });
  client.channel.attachTransport((frame) => {
    fromClient.push(decodeClientMessage(frame));
    agentChannel.receive(frame);
  });
  agentChannel.attachTransport((frame) => client.channel.receive(frame));
  const forwarder = new PortForwarder(client);
  const closed: ConnectionSummary[] = [];
  forwarder.on("close", (summary) => closed.push(summary));
  cleanups.push(() => {
    forwarder.close();
    agent.stop();
    client.close();
    agentChannel.close();
  });
  agent.start();
  const flags = () =>
    fromClient
      .filter((m) => m.messageType === MessageType.InputStreamData && m.payloadType === PayloadType.Flag)
      .map((m) => Buffer.from(m.payload).toString("hex"));
  const handshakeResponse = () => {
    const message = fromClient.find((m) => m.payloadType === PayloadType.HandshakeResponse);
    return message && parseHandshakeResponsePayload(message.payload);
  };
  /** A local connection through the forwarder; returns the application's end of it. */
  const open = () => {
    const [app, local] = socketPair();
    forwarder.accept(local);
    return app;
  };
  return { client, agent, forwarder, ended, server, closed, flags, handshakeResponse, open };
}

/** Send `message` and wait for its echo (with the server's `prefix`). */
async function exchange(app: MemorySocket, message: string, prefix = "echo:") {
  const before = app.text.length;
  app.write(Buffer.from(message));
  await until(`the reply to ${message}`, () => app.text.length >= before + message.length + prefix.length);
  return app.text.slice(before);
}

describe("version rules", () => {
  it("compares as the plugin does: same number of parts, numbers only, else not supported", () => {
    expect(comparePluginStyle("3.0.196.1", "3.0.196.0")).toBe(1);
    expect(comparePluginStyle("3.0.196.0", "3.0.196.0")).toBe(0);
    expect(comparePluginStyle("3.1", "3.0.196.0")).toBeUndefined();
    expect(comparePluginStyle("3.x.0.0", "3.0.196.0")).toBeUndefined();
  });

  it("compares as the agent does: semver when both are, otherwise part by part, fewer parts lesser", () => {
    expect(compareAgentStyle("1.2.707.0", "1.1.70")).toBe(1);
    expect(compareAgentStyle("1.1.69.0", "1.1.70")).toBeLessThan(0);
    expect(compareAgentStyle("1.1.70", "1.1.70")).toBe(0);
    expect(compareAgentStyle("1.1.70.0", "1.1.70")).toBeGreaterThan(0);
    expect(compareAgentStyle("1.2.331.0", "1.2.331.0")).toBe(0);
    expect(compareAgentStyle("1.10.0", "1.9.0")).toBe(1);
    expect(compareAgentStyle("1.0.0-beta", "1.0.0")).toBe(-1);
  });
});

describe("port sessions", () => {
  it("mux: answers the Port handshake with a ClientVersion that asks for mux, and forwards connections at once", async () => {
    const s = connect();
    const info = await s.client.whenReady();
    expect(info).toEqual({ mode: "mux", agentVersion: "3.3.0.0", properties: FORWARD, keepAlive: false });
    expect(s.handshakeResponse()).toEqual({
      ClientVersion: "1.2.707.0",
      ProcessedClientActions: [{ ActionType: "SessionType", ActionStatus: 1, ActionResult: null, Error: "" }],
      Errors: [],
    });
    expect(s.agent.currentMode).toBe("mux");
    const apps = [s.open(), s.open(), s.open()];
    const replies = await Promise.all(apps.map((app, i) => exchange(app, `hello ${i}`)));
    expect(replies).toEqual(["echo:hello 0", "echo:hello 1", "echo:hello 2"]);
    expect(s.server.dials).toEqual(["localhost:5432", "localhost:5432", "localhost:5432"]);
    apps[1]!.end();
    await until("connection 2 closed", () => s.closed.length === 1);
    expect(s.closed[0]).toMatchObject({ id: 2, streamId: 5, bytesOut: 7, bytesIn: 12 });
    expect(s.forwarder.activeConnections).toBe(2);
  });

  it("keeps smux keepalive for agents up to 3.1.1511.0, as the plugin does", async () => {
    const s = connect({ agentVersion: "3.1.1511.0" });
    expect((await s.client.whenReady()).keepAlive).toBe(true);
  });

  it("ConnectToPortError: the agent's dial fails, the connection ends with the plugin's message, the next one works", async () => {
    let attempts = 0;
    const server = memoryServer((socket) => echo(socket));
    const s = connect({
      dial: async (host, port) => {
        if (attempts++ === 0) throw new Error(`dial tcp ${host}:${port}: connect: connection refused`);
        return server.dial(host, port);
      },
    });
    const errors: string[] = [];
    s.forwarder.on("connectError", ({ message }) => errors.push(message));
    const first = s.open();
    await until("the refused connection to end", () => first.ended);
    expect(errors).toEqual([CONNECT_TO_PORT_ERROR_MESSAGE]);
    const second = s.open();
    expect(await exchange(second, "again", "")).toBe("again");
  });

  it("basic mode when asked (ClientVersion below 1.1.70): one connection at a time, DisconnectToPort between them", async () => {
    const s = connect({ client: { mode: "basic" } });
    const info = await s.client.whenReady();
    expect(info.mode).toBe("basic");
    expect(s.handshakeResponse()!.ClientVersion).toBe("1.1.69.0");
    await until("the agent's dial at the start", () => s.server.dials.length === 1);
    const one = s.open();
    const two = s.open();
    expect(await exchange(one, "first")).toBe("echo:first");
    expect(s.forwarder.waitingConnections).toBe(1);
    one.end();
    expect(await exchange(two, "second")).toBe("echo:second");
    expect(s.flags()).toEqual(["00000001"]);
    expect(s.server.dials).toEqual(["localhost:5432", "localhost:5432"]);
  });

  it("basic mode with an agent too old for mux (3.0.196.0), whatever the client asks", async () => {
    const s = connect({ agentVersion: "3.0.196.0" });
    expect((await s.client.whenReady()).mode).toBe("basic");
    expect(s.agent.currentMode).toBe("basic");
    expect(await exchange(s.open(), "old")).toBe("echo:old");
  });

  it("stream mode for AWS-StartSSHSession (no type): what the server says first reaches the first connection", async () => {
    const server = memoryServer((socket) => {
      socket.write(Buffer.from("SSH-2.0-Sandbox\r\n"));
      echo(socket);
    });
    const s = connect({ properties: { portNumber: "22" }, dial: server.dial });
    expect((await s.client.whenReady()).mode).toBe("stream");
    await until("the agent's dial", () => server.dials.length === 1);
    const app = s.open();
    await until("the banner", () => app.text === "SSH-2.0-Sandbox\r\n");
    expect(await exchange(app, "ssh bytes", "")).toBe("ssh bytes");
    expect(s.client.canOpenStream).toBe(false);
    app.end();
    await until("the agent to end the session", () => s.ended.length === 1);
    expect(s.ended[0]).toMatchObject({ status: "Terminated", reason: "TerminateSession flag" });
    expect(s.flags()).toEqual(["00000002"]);
  });

  it("SSH: the destination's EOF ends the session successfully", async () => {
    const server = memoryServer((socket) => socket.on("data", () => socket.end()));
    const s = connect({ properties: { portNumber: "22" }, dial: server.dial });
    const app = s.open();
    await s.client.whenReady();
    app.write(Buffer.from("bye"));
    await until("the session to end", () => s.ended.length === 1);
    expect(s.ended[0]).toMatchObject({ status: "Terminated", reason: "destination closed the connection" });
  });

  it("the agent refuses a host that resolves to a denied address, as the agent does", async () => {
    const s = connect({ properties: { ...FORWARD, host: "metadata.example" }, resolve: async () => ["10.0.0.5", "169.254.169.254"] });
    await until("the session to fail", () => s.ended.length === 1);
    expect(s.ended[0]).toEqual({
      status: "Failed",
      output: "Forwarding to IP address metadata.example is forbidden.",
      reason: "denied address 169.254.169.254",
    });
  });

  it("the agent fails a session without a port number", async () => {
    const s = connect({ properties: { type: "LocalPortForwarding" } });
    await until("the session to fail", () => s.ended.length === 1);
    expect(s.ended[0]!.output).toMatch(/^Port number is empty in session properties/);
  });

  it("terminate() sends the TerminateSession flag (4 bytes, big-endian 2) and the agent ends the session", async () => {
    const s = connect();
    await s.client.whenReady();
    expect(s.client.terminate()).toBe(true);
    await until("the agent to end", () => s.ended.length === 1);
    expect(s.flags()).toEqual(["00000002"]);
  });

  it("random concurrent connections each get their own bytes back, complete and in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.uint8Array({ minLength: 1, maxLength: 5000 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        async (connections) => {
          const s = connect({ dial: memoryServer((socket) => echo(socket)).dial });
          await s.client.whenReady();
          const apps = connections.map(() => s.open());
          connections.forEach((chunks, i) => chunks.forEach((chunk) => apps[i]!.write(chunk)));
          for (const [i, chunks] of connections.entries()) {
            const expected = Buffer.concat(chunks);
            await until(`connection ${i}`, () => Buffer.concat(apps[i]!.received).length >= expected.length);
            expect(Buffer.concat(apps[i]!.received).equals(expected)).toBe(true);
          }
          cleanups.splice(0).forEach((fn) => fn());
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("port sessions over a lossy data channel", () => {
  it("several connections at once still get their bytes complete and in order through drops, duplicates and reordering", async () => {
    const { FakeClock } = await import("./fake-clock");
    const { connectLossy } = await import("./lossy-link");
    for (const seed of [1, 2, 3]) {
      const clock = new FakeClock();
      const client = new PortSession({ clock });
      const agentChannel = new DataChannel({ role: "agent", clock });
      const agent = new PortAgent({
        channel: agentChannel,
        agentVersion: "3.3.0.0",
        properties: FORWARD,
        dial: memoryServer((socket) => echo(socket)).dial,
        resolve: async (host) => [host],
        deniedAddresses: [],
        handshakeTimeoutMs: 60_000,
        onEnd: () => undefined,
      });
      const stats = connectLossy(clock, client.channel, agentChannel, { drop: 0.15, duplicate: 0.1, reorder: 0.15, seed });
      const forwarder = new PortForwarder(client);
      agent.start();
      const payloads = [0, 1, 2].map((i) => Buffer.from(Array.from({ length: 20_000 + i * 777 }, (_, j) => (j * (i + 3)) % 256)));
      const apps = payloads.map(() => {
        const [app, local] = socketPair();
        forwarder.accept(local);
        return app;
      });
      payloads.forEach((payload, i) => apps[i]!.write(payload));
      const done = () => apps.every((app, i) => Buffer.concat(app.received).length >= payloads[i]!.length);
      for (let round = 0; round < 20_000 && !done(); round++) {
        clock.advance(10);
        await new Promise((resolve) => setImmediate(resolve));
      }
      apps.forEach((app, i) => expect(Buffer.concat(app.received).equals(payloads[i]!), `seed ${seed}, connection ${i}`).toBe(true));
      expect(stats.dropped).toBeGreaterThan(0);
      forwarder.close();
      agent.stop();
      client.close();
      agentChannel.close();
    }
  }, 60_000);
});
