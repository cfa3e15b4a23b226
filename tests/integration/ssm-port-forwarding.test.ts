import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SSMClient, StartSessionCommand, type StartSessionCommandInput } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket } from "ws";
import { buildOpenDataChannelMessage } from "@/lib/ssm/payloads";
import { CONNECT_TO_PORT_ERROR_MESSAGE, PortSession } from "@/lib/ssm/port-session";
import { SANDBOX_BROKER, startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { waitFor } from "@/sandbox/aws/gateway/test-harness";
import { SSHD, startLoopbackSshd } from "../support/loopback-sshd";
import { roundTrip, startEchoServer, startLocalForward, unusedPort, type LocalForward } from "../support/port-forward";

// Port forwarding and SSH through the sandbox's gateway, as AWS and the agent do them, driven by lib/ssm's client
// side over `ws`: StartSession with the port documents (the IAM decision on AWS-owned document ARNs, parameters),
// mux mode to the real PostgreSQL at 127.0.0.1:5432 over three connections at once, basic mode, the agent's
// refusals (metadata and VPC DNS addresses, ConnectToPortError), a stream closed mid-transfer, SSH over an
// AWS-StartSSHSession to a TCP echo and to a real sshd, and the payload-digest setting.

let sandbox: AwsSandbox;
let rootDir: string;
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let dana: Creds;
let ada: Creds;
const DEV = "i-0b000000000000001"; // 444444444444, us-east-1, Name=Develop, 10.40.1.21
const SANDBOX_DEV = "i-0c000000000000001"; // 555555555555, us-east-1
const PG_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function assume(url: string, credentials: Creds, roleArn: string, sessionName: string): Promise<Creds> {
  const sts = new STSClient({ endpoint: url, region: "us-east-1", credentials, maxAttempts: 1 });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
async function roleIn(url: string, custodian: string, target: string, sessionName: string): Promise<Creds> {
  const broker = { accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey };
  return assume(url, await assume(url, broker, `arn:aws:iam::111111111111:role/${custodian}`, sessionName), target, sessionName);
}
const ssm = (credentials: Creds, url = sandbox.url) => new SSMClient({ endpoint: url, region: "us-east-1", credentials, maxAttempts: 1 });

async function start(credentials: Creds, input: StartSessionCommandInput, url = sandbox.url) {
  const answer = await ssm(credentials, url).send(new StartSessionCommand(input));
  return { sessionId: answer.SessionId!, streamUrl: answer.StreamUrl!, tokenValue: answer.TokenValue! };
}
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

const forwards: LocalForward[] = [];
async function forward(input: StartSessionCommandInput, options: Parameters<typeof startLocalForward>[1] = {}, credentials = dana) {
  const stream = await start(credentials, input);
  const local = await startLocalForward(stream, options);
  forwards.push(local);
  return { ...local, sessionId: stream.sessionId };
}
const toPostgres = (portNumber = "5432") => ({ Target: DEV, DocumentName: "AWS-StartPortForwardingSession", Parameters: { portNumber: [portNumber] } });

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-port-forwarding-"));
  sandbox = await startAwsSandbox({ gateway: { rootDir } });
  dana = await roleIn(sandbox.url, "CustodianDeveloper", "arn:aws:iam::444444444444:role/Developer", "dana@example.com");
  ada = await roleIn(sandbox.url, "CustodianAdmin", "arn:aws:iam::555555555555:role/Admin", "ada@example.com");
});
afterAll(async () => {
  for (const local of forwards) await local.close();
  await sandbox?.close();
  if (rootDir) rmSync(rootDir, { recursive: true, force: true });
});

describe("StartSession with the port documents", () => {
  it("evaluates AWS-owned document ARNs (no account): the Developer role may forward ports but not start SSH; Admin may", async () => {
    const denied = await rejection(start(dana, { Target: DEV, DocumentName: "AWS-StartSSHSession", Parameters: { portNumber: ["22"] } }));
    expect(denied.name).toBe("AccessDeniedException");
    expect(denied.message).toBe(
      "User: arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com is not authorized to perform: ssm:StartSession on resource: arn:aws:ssm:us-east-1::document/AWS-StartSSHSession because no identity-based policy allows the ssm:StartSession action",
    );
    await expect(start(ada, { Target: SANDBOX_DEV, DocumentName: "AWS-StartSSHSession", Parameters: { portNumber: ["22"] } })).resolves.toHaveProperty(
      "sessionId",
    );
    await expect(start(dana, toPostgres())).resolves.toHaveProperty("sessionId");
    const interactive = await rejection(start(dana, { Target: DEV, DocumentName: "AWS-StartInteractiveCommand", Parameters: { command: ["id"] } }));
    expect(interactive.name).toBe("AccessDeniedException");
  });

  it("checks the document's parameters", async () => {
    const cases: [StartSessionCommandInput["Parameters"], string, RegExp][] = [
      [{ portNumber: ["0"] }, "AWS-StartPortForwardingSession", /portNumber" must be a port number between 1 and 65535/],
      [{ portNumber: ["5432"], command: ["id"] }, "AWS-StartPortForwardingSession", /"command" is not a parameter of document AWS-StartPortForwardingSession/],
      [{ portNumber: ["5432"] }, "AWS-StartPortForwardingSessionToRemoteHost", /"host" of document AWS-StartPortForwardingSessionToRemoteHost is required/],
      [{ portNumber: ["5432", "5433"] }, "AWS-StartPortForwardingSession", /exactly one value/],
    ];
    for (const [Parameters, DocumentName, message] of cases) {
      const error = await rejection(start(dana, { Target: DEV, DocumentName, Parameters }));
      expect(error.name).toBe("InvalidParameters");
      expect(error.message).toMatch(message);
    }
  });
});

describe("mux mode", () => {
  it("forwards a local port to the real PostgreSQL and runs queries over three connections at once", async () => {
    const local = await forward(toPostgres());
    expect(local.info).toMatchObject({ mode: "mux", agentVersion: "3.3.0.0", properties: { portNumber: "5432", type: "LocalPortForwarding" } });
    const url = new URL(PG_URL);
    url.host = `127.0.0.1:${local.port}`;
    const clients = [1, 2, 3].map(() => new pg.Client({ connectionString: url.toString(), application_name: "gatehouse-forward-test" }));
    try {
      await Promise.all(clients.map((client) => client.connect()));
      // All three at once: each sees the other two connected through the same session.
      const seen = await Promise.all(
        clients.map((client, i) =>
          client.query<{ pid: number; doubled: number; peers: string }>(
            "SELECT pg_backend_pid() AS pid, $1::int * 2 AS doubled, (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gatehouse-forward-test') AS peers, pg_sleep(0.2)",
            [i + 1],
          ),
        ),
      );
      expect(seen.map((r) => r.rows[0]!.doubled)).toEqual([2, 4, 6]);
      expect(new Set(seen.map((r) => r.rows[0]!.pid)).size).toBe(3);
      expect(seen.every((r) => Number(r.rows[0]!.peers) >= 3)).toBe(true);
      expect(local.forwarder.activeConnections).toBe(3);
      // A result bigger than many data-channel messages, in order.
      const big = await clients[0]!.query<{ s: string }>("SELECT string_agg(i::text, ',') AS s FROM generate_series(1, 50000) AS i");
      expect(big.rows[0]!.s.split(",").map(Number)).toEqual(Array.from({ length: 50000 }, (_, i) => i + 1));
    } finally {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    }
    await waitFor("the three connections to close", () => local.closedConnections.length === 3);
    expect(local.closedConnections.map((c) => c.streamId).sort()).toEqual([3, 5, 7]);
    expect(local.closedConnections.every((c) => c.error === undefined)).toBe(true);
  });

  it("to a remote host the instance reaches (localhost and 127.0.0.1 on the sandbox's instances)", async () => {
    for (const host of ["localhost", "127.0.0.1"]) {
      const local = await forward({
        Target: DEV,
        DocumentName: "AWS-StartPortForwardingSessionToRemoteHost",
        Parameters: { host: [host], portNumber: ["5432"] },
      });
      const url = new URL(PG_URL);
      url.host = `127.0.0.1:${local.port}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      expect((await client.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await client.end();
      expect(sandbox.gateway!.portSessionLog(local.sessionId)!.join("\n")).toContain(`destination ${host}:5432`);
    }
  });

  it("ConnectToPortError when nothing listens; the listener keeps accepting and the next connection works", async () => {
    const echo = await startEchoServer();
    const port = echo.port;
    await echo.close();
    const local = await forward(toPostgres(String(port)));
    const refused = await roundTrip(local.port, Buffer.from("anyone?"), 1);
    expect(refused.length).toBe(0); // ended without a byte
    await waitFor("the ConnectToPortError", () => local.connectErrors.length === 1);
    expect(local.connectErrors).toEqual([CONNECT_TO_PORT_ERROR_MESSAGE]);
    expect(sandbox.gateway!.portSessionLog(local.sessionId)!.join("\n")).toMatch(/stream 3: unable to dial the destination: .*ECONNREFUSED/);
    // Something listens there now: the same session, the next stream.
    const server = net.createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      expect((await roundTrip(local.port, Buffer.from("second try"))).toString()).toBe("second try");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(local.closed).toEqual([]);
  });

  it("a stream closed mid-transfer ends alone: the session and the next connection carry on", async () => {
    const echo = await startEchoServer();
    try {
      const local = await forward(toPostgres(String(echo.port)));
      const socket = net.connect({ host: "127.0.0.1", port: local.port });
      let received = 0;
      socket.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > 100_000) socket.destroy();
      });
      socket.on("error", () => undefined);
      socket.write(Buffer.alloc(2_000_000, 7));
      await waitFor("the first connection to be cut", () => local.closedConnections.length === 1, 30_000);
      const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 256));
      expect((await roundTrip(local.port, payload)).equals(payload)).toBe(true);
      expect(local.closed).toEqual([]);
      expect(local.errors).toEqual([]);
    } finally {
      await echo.close();
    }
  });

  it("the agent refuses the metadata service and the VPC's DNS address, failing the session with its message", async () => {
    for (const host of ["169.254.169.254", "fd00:ec2::254", "169.254.169.253", "10.40.0.2"]) {
      const stream = await start(dana, {
        Target: DEV,
        DocumentName: "AWS-StartPortForwardingSessionToRemoteHost",
        Parameters: { host: [host], portNumber: ["80"] },
      });
      const session = new PortSession({ ...stream, WebSocket: WsWebSocket });
      const closed: string[] = [];
      session.on("closed", ({ output }) => closed.push(output));
      session.connect();
      await waitFor(`the refusal of ${host}`, () => closed.length === 1);
      expect(closed[0]).toBe(`Forwarding to IP address ${host} is forbidden.`);
      expect(sandbox.registry.get(stream.sessionId)).toMatchObject({ status: "Failed" });
    }
  });
});

describe("basic mode", () => {
  it("one connection at a time when the client asks for it (ClientVersion below 1.1.70), DisconnectToPort between them", async () => {
    const local = await forward(toPostgres(), { mode: "basic" });
    expect(local.info.mode).toBe("basic");
    const url = new URL(PG_URL);
    url.host = `127.0.0.1:${local.port}`;
    for (const n of [1, 2]) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      expect((await client.query<{ n: number }>("SELECT $1::int AS n", [n])).rows).toEqual([{ n }]);
      await client.end();
      await waitFor(`connection ${n} to close`, () => local.closedConnections.length === n);
    }
    const log = sandbox.gateway!.portSessionLog(local.sessionId)!.join("\n");
    expect(log).toContain("basic mode, client 1.1.69.0");
    expect(log).toContain("DisconnectToPort flag received");
  });
});

describe("SSH over AWS-StartSSHSession", () => {
  const proxyScript = path.resolve("tests/support/ssm-proxy.ts");
  const tsx = path.resolve("node_modules/.bin/tsx");

  it("carries a TCP connection over standard input and output (the ProxyCommand path) to an echo service", async () => {
    const echo = await startEchoServer({ banner: "SSH-2.0-EchoBanner\r\n" });
    try {
      const stream = await start(ada, { Target: SANDBOX_DEV, DocumentName: "AWS-StartSSHSession", Parameters: { portNumber: [String(echo.port)] } });
      const child = spawn(tsx, [proxyScript], {
        env: { ...process.env, GATEHOUSE_TEST_STREAM_URL: stream.streamUrl, GATEHOUSE_TEST_TOKEN_VALUE: stream.tokenValue },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      await waitFor(
        "the banner",
        () => out.includes("SSH-2.0-EchoBanner"),
        30_000,
        () => err,
      );
      child.stdin.write("hello over ssm\n");
      await waitFor(
        "the echo",
        () => out.includes("hello over ssm\n"),
        15_000,
        () => err,
      );
      child.stdin.end();
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(0);
      await waitFor("the session to end", () => sandbox.registry.get(stream.sessionId)?.status === "Terminated");
      expect(sandbox.gateway!.liveSessionIds()).not.toContain(stream.sessionId);
    } finally {
      await echo.close();
    }
  });

  it.skipIf(!existsSync(SSHD))("reaches a real sshd on loopback with ssh -o ProxyCommand (skipped without openssh-server)", async () => {
    const port = await unusedPort();
    const sshd = await startLoopbackSshd(port, waitFor);
    try {
      const stream = await start(ada, { Target: SANDBOX_DEV, DocumentName: "AWS-StartSSHSession", Parameters: { portNumber: [String(port)] } });
      // Asynchronously: the gateway answering the ProxyCommand runs in this process.
      const { out, err, status } = await sshd.runEcho(SANDBOX_DEV, `${tsx} ${proxyScript}`, {
        env: { ...process.env, GATEHOUSE_TEST_STREAM_URL: stream.streamUrl, GATEHOUSE_TEST_TOKEN_VALUE: stream.tokenValue },
      });
      expect(out, `${err}\n--- sshd ---\n${sshd.log()}`).toBe("hello-from-sshd\n");
      expect(status).toBe(0);
      await waitFor("the session to end", () => sandbox.registry.get(stream.sessionId)?.status === "Terminated");
    } finally {
      sshd.stop();
    }
  });
});

describe("payload digests", () => {
  /** A port session whose every frame goes out with a wrong PayloadDigest (as the ssm-session npm package sends). */
  async function badDigestSession(stream: { streamUrl: string; tokenValue: string }) {
    const session = new PortSession();
    const ws = new WsWebSocket(stream.streamUrl);
    ws.binaryType = "arraybuffer";
    await new Promise<void>((resolve, reject) => (ws.once("open", () => resolve()), ws.once("error", reject)));
    ws.send(buildOpenDataChannelMessage({ tokenValue: stream.tokenValue, clientId: "00000000-0000-4000-8000-000000000001", clientVersion: "1.2.707.0" }));
    session.channel.attachTransport((frame) => {
      const copy = new Uint8Array(frame);
      copy[80] = copy[80]! ^ 0xff;
      ws.send(copy);
    });
    ws.on("message", (data: ArrayBuffer) => session.channel.receive(new Uint8Array(data)));
    return { session, close: () => (session.close(), ws.close()) };
  }

  it("agent-like by default: frames with wrong digests are accepted, as the agent never checks them", async () => {
    const echo = await startEchoServer();
    const stream = await start(dana, toPostgres(String(echo.port)));
    const { session, close } = await badDigestSession(stream);
    try {
      expect((await session.whenReady()).mode).toBe("mux");
    } finally {
      close();
      await echo.close();
    }
  });

  it("strict when set: Gatehouse's client is served (its digests are right) and a wrong digest is dropped", async () => {
    const strictRoot = mkdtempSync(path.join(os.tmpdir(), "gatehouse-strict-digests-"));
    const strict = await startAwsSandbox({ gateway: { rootDir: strictRoot, payloadDigests: "verify" } });
    const echo = await startEchoServer();
    try {
      const developer = await roleIn(strict.url, "CustodianDeveloper", "arn:aws:iam::444444444444:role/Developer", "dana@example.com");
      const good = await startLocalForward(await start(developer, toPostgres(String(echo.port)), strict.url));
      forwards.push(good);
      const payload = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
      expect((await roundTrip(good.port, payload)).equals(payload)).toBe(true);

      const { session, close } = await badDigestSession(await start(developer, toPostgres(String(echo.port)), strict.url));
      let ready = false;
      session.on("ready", () => (ready = true));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(ready).toBe(false); // the HandshakeResponse never got through
      close();
    } finally {
      await echo.close();
      await strict.close();
      rmSync(strictRoot, { recursive: true, force: true });
    }
  });
});
