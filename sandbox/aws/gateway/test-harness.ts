// Test harness for the gateway (used by tests/integration/ssm-gateway*.test.ts): an HTTP server on an
// ephemeral loopback port with the gateway attached, and a client that opens a shell through lib/ssm's
// BrowserSession over `ws`, the same code path the browser runs.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { WebSocket as WsWebSocket } from "ws";
import { BrowserSession, type DisconnectInfo } from "@/lib/ssm/browser-session";
import { attachGateway, type Gateway, type GatewayOptions } from "./gateway";
import { SessionRegistry, type StartSessionParams } from "./session-registry";

export interface Harness {
  server: Server;
  registry: SessionRegistry;
  gateway: Gateway;
  rootDir: string;
  close(): Promise<void>;
}

export async function startHarness(options: GatewayOptions = {}): Promise<Harness> {
  const rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-ssm-gw-"));
  const server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const registry = new SessionRegistry({ publicWsBase: `ws://127.0.0.1:${port}` });
  const gateway = attachGateway(server, registry, { rootDir, ...options });
  return {
    server,
    registry,
    gateway,
    rootDir,
    async close() {
      await gateway.close();
      registry.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

export const DANA: StartSessionParams = {
  target: "i-0b000000000000001",
  accountId: "444444444444",
  region: "us-east-1",
  ownerArn: "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com",
  sessionNamePrefix: "dana@example.com",
};

/** Remove ANSI control sequences and carriage returns so assertions can read lines. */
export function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000, dump?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${dump ? `\n--- output ---\n${dump()}` : ""}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ShellClient {
  session: BrowserSession;
  sessionId: string;
  output: () => string;
  closed: { output: string }[];
  disconnects: DisconnectInfo[];
  notices: string[];
  errors: Error[];
  /** Type a command line and wait until `expect` shows up in the plain output after it. */
  run(command: string, expect: string | RegExp, timeoutMs?: number): Promise<string>;
  waitForOutput(expect: string | RegExp, timeoutMs?: number): Promise<void>;
}

export function openShell(credentials: { SessionId: string; TokenValue: string; StreamUrl: string }): ShellClient {
  const session = new BrowserSession({
    streamUrl: credentials.StreamUrl,
    tokenValue: credentials.TokenValue,
    WebSocket: WsWebSocket,
  });
  const decoder = new TextDecoder();
  let text = "";
  const client: ShellClient = {
    session,
    sessionId: credentials.SessionId,
    output: () => text,
    closed: [],
    disconnects: [],
    notices: [],
    errors: [],
    async run(command, expected, timeoutMs) {
      const from = plain(text).length;
      session.sendInput(`${command}\r`);
      const matches = () => {
        const after = plain(text).slice(from);
        return typeof expected === "string" ? after.includes(expected) : expected.test(after);
      };
      await waitFor(`"${String(expected)}" after ${command}`, matches, timeoutMs, () => plain(text).slice(from));
      return plain(text).slice(from);
    },
    async waitForOutput(expected, timeoutMs) {
      const matches = () => (typeof expected === "string" ? plain(text).includes(expected) : expected.test(plain(text)));
      await waitFor(`output ${String(expected)}`, matches, timeoutMs, () => plain(text));
    },
  };
  session.onOutput((bytes) => (text += decoder.decode(bytes, { stream: true })));
  session.onClosed((info) => client.closed.push(info));
  session.onDisconnected((info) => client.disconnects.push(info));
  session.onError((error) => client.errors.push(error));
  session.on("notice", (message) => client.notices.push(message));
  session.connect();
  return client;
}
