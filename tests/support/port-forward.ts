// Node-side port forwarding for tests, built the way `gatehouse forward` will be: lib/ssm's PortSession over `ws`,
// PortForwarder between it and a local TCP listener (net.createServer hands each connection to accept()).
import net from "node:net";
import { WebSocket as WsWebSocket } from "ws";
import { PortForwarder, type ConnectionSummary } from "@/lib/ssm/port-forwarder";
import { PortSession, type PortSessionInfo, type PortSessionOptions } from "@/lib/ssm/port-session";

export interface StreamCredentials {
  streamUrl: string;
  tokenValue: string;
}

export interface LocalForward {
  session: PortSession;
  forwarder: PortForwarder;
  info: PortSessionInfo;
  /** The local listener's port on 127.0.0.1. */
  port: number;
  connectErrors: string[];
  closedConnections: ConnectionSummary[];
  /** channel_closed messages. */
  closed: string[];
  errors: Error[];
  close(): Promise<void>;
}

/** Open the data channel, wait for the handshake, then listen on 127.0.0.1:<localPort or any>. */
export async function startLocalForward(
  credentials: StreamCredentials,
  options: Pick<PortSessionOptions, "mode" | "clientVersion"> & { localPort?: number } = {},
): Promise<LocalForward> {
  const session = new PortSession({
    streamUrl: credentials.streamUrl,
    tokenValue: credentials.tokenValue,
    WebSocket: WsWebSocket,
    mode: options.mode,
    clientVersion: options.clientVersion,
  });
  const forwarder = new PortForwarder(session);
  const connectErrors: string[] = [];
  const closedConnections: ConnectionSummary[] = [];
  const closed: string[] = [];
  const errors: Error[] = [];
  forwarder.on("connectError", ({ message }) => connectErrors.push(message));
  forwarder.on("close", (summary) => closedConnections.push(summary));
  session.on("closed", ({ output }) => closed.push(output));
  session.on("error", (error) => errors.push(error));
  session.connect();
  const info = await session.whenReady();
  const server = net.createServer((socket) => forwarder.accept(socket));
  await new Promise<void>((resolve) => server.listen(options.localPort ?? 0, "127.0.0.1", resolve));
  return {
    session,
    forwarder,
    info,
    port: (server.address() as net.AddressInfo).port,
    connectErrors,
    closedConnections,
    closed,
    errors,
    async close() {
      forwarder.close();
      session.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP echo server on loopback (the stand-in for a service on the instance). */
export async function startEchoServer(options: { banner?: string } = {}): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (options.banner) socket.write(options.banner);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on loopback with nothing listening (bound and released). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Send bytes over a fresh TCP connection and collect `expect` bytes back. */
export function roundTrip(port: number, payload: Buffer, expect = payload.length, timeoutMs = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    let got = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out after ${got} of ${expect} bytes`));
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= expect) {
        clearTimeout(timer);
        socket.end();
        resolve(Buffer.concat(chunks));
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("end", () => {
      clearTimeout(timer);
      if (got < expect) resolve(Buffer.concat(chunks));
    });
    socket.write(payload);
  });
}
