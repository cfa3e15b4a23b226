import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DANA, plain, startHarness, waitFor, type Harness } from "@/sandbox/aws/gateway/test-harness";

// The official session-manager-plugin is the reference client for the sandbox gateway: a shell started through the
// gateway must work for it as it does for Gatehouse's own client. The plugin is not part of Gatehouse (never
// committed, built or downloaded by it); give its path in SSM_PLUGIN to run these checks, which are skipped otherwise.

const PLUGIN = process.env.SSM_PLUGIN;
const suite = PLUGIN ? describe : describe.skip;
if (!PLUGIN) console.log("[plugin-interop] skipped: set SSM_PLUGIN to the path of a session-manager-plugin binary to run it");

let h: Harness;
let home: string;
beforeAll(async () => {
  if (!PLUGIN) return;
  h = await startHarness();
  home = mkdtempSync(path.join(os.tmpdir(), "gatehouse-plugin-home-"));
});
afterAll(async () => {
  await h?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

suite("the official session-manager-plugin against the sandbox gateway", () => {
  it("opens the shell, runs a command, follows a resize and ends with exit", async () => {
    const pty = await import("node-pty");
    const session = h.registry.start(DANA);
    const response = JSON.stringify({ SessionId: session.SessionId, StreamUrl: session.StreamUrl, TokenValue: session.TokenValue });
    let output = "";
    const child = pty.spawn(PLUGIN!, [response, "us-east-1", "StartSession", "", JSON.stringify({ Target: DANA.target }), "http://127.0.0.1:9"], {
      cols: 100,
      rows: 30,
      cwd: home,
      // No AWS credentials: the plugin only needs them to call TerminateSession on the way out, which may fail.
      env: { HOME: home, PATH: process.env.PATH ?? "", TERM: "xterm-256color" },
    });
    child.onData((data) => (output += data));
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    await waitFor(
      "the instance's prompt",
      () => plain(output).includes("i-0b000000000000001$ "),
      20_000,
      () => plain(output),
    );
    child.write("echo plugin-$((40+2))\r");
    await waitFor(
      "the command's output",
      () => plain(output).includes("plugin-42"),
      10_000,
      () => plain(output),
    );
    child.resize(120, 40);
    await new Promise((resolve) => setTimeout(resolve, 500));
    output = "";
    child.write("stty size\r");
    await waitFor(
      "the new size",
      () => /\b40 120\b/.test(plain(output)),
      10_000,
      () => plain(output),
    );
    child.write("exit\r");
    const code = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000))]);
    if (code === -1) child.kill();
    expect(code).not.toBe(-1);
    await waitFor("the session to end", () => h.registry.get(session.SessionId)?.status === "Terminated", 10_000);
  }, 60_000);
});

suite("the official session-manager-plugin forwarding ports through the sandbox gateway", () => {
  it("forwards several TCP connections at once to a loopback service, as it would through an agent", async () => {
    const net = await import("node:net");
    const { StartSessionCommand, SSMClient } = await import("@aws-sdk/client-ssm");
    const { AssumeRoleCommand, STSClient } = await import("@aws-sdk/client-sts");
    const { startAwsSandbox, SANDBOX_BROKER } = await import("@/sandbox/aws");
    const rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-plugin-forward-"));
    const aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
    // The destination: an upper-casing echo on loopback (the sandbox's "instance" is this machine).
    const echo = net.createServer((socket) => socket.on("data", (chunk: Buffer) => socket.write(chunk.toString("utf8").toUpperCase())));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    const echoPort = (echo.address() as import("node:net").AddressInfo).port;
    const localPort = 20_000 + Math.floor(Math.random() * 20_000);
    let plugin: ChildProcess | undefined;
    try {
      const assume = async (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, roleArn: string) => {
        const answer = await new STSClient({ endpoint: aws.url, region: "us-east-1", credentials, maxAttempts: 1 }).send(
          new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ada@example.com" }),
        );
        return {
          accessKeyId: answer.Credentials!.AccessKeyId!,
          secretAccessKey: answer.Credentials!.SecretAccessKey!,
          sessionToken: answer.Credentials!.SessionToken!,
        };
      };
      const custodian = await assume(
        { accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey },
        "arn:aws:iam::111111111111:role/CustodianAdmin",
      );
      const admin = await assume(custodian, "arn:aws:iam::555555555555:role/Admin");
      const request = {
        Target: "i-0c000000000000001",
        DocumentName: "AWS-StartPortForwardingSession",
        Parameters: { portNumber: [String(echoPort)], localPortNumber: [String(localPort)] },
      };
      const started = await new SSMClient({ endpoint: aws.url, region: "us-east-1", credentials: admin, maxAttempts: 1 }).send(
        new StartSessionCommand(request),
      );
      let log = "";
      const child = spawn(
        PLUGIN!,
        [
          JSON.stringify({ SessionId: started.SessionId, StreamUrl: started.StreamUrl, TokenValue: started.TokenValue }),
          "us-east-1",
          "StartSession",
          "",
          JSON.stringify(request),
          "http://127.0.0.1:9",
        ],
        {
          env: { HOME: home, PATH: process.env.PATH ?? "" } as unknown as NodeJS.ProcessEnv,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      plugin = child;
      child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
      await waitFor(
        "the plugin to listen",
        () => log.includes("Waiting for connections"),
        20_000,
        () => log,
      );
      const roundTrip = (text: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(localPort, "127.0.0.1", () => socket.write(text));
          let answer = "";
          socket.on("data", (chunk: Buffer) => {
            answer += chunk.toString();
            if (answer.length >= text.length) {
              socket.end();
              resolve(answer);
            }
          });
          socket.on("error", reject);
        });
      const answers = await Promise.all(["one", "two", "three"].map((word) => roundTrip(`${word}-${"x".repeat(2000)}`)));
      expect(answers.map((answer) => answer.split("-")[0])).toEqual(["ONE", "TWO", "THREE"]);
      expect(answers.every((answer) => answer.endsWith("X".repeat(2000)))).toBe(true);
    } finally {
      plugin?.kill();
      echo.close();
      await aws.close();
      rmSync(rootDir, { recursive: true, force: true });
    }
  }, 60_000);
});
