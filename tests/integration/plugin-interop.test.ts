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
    await waitFor("the instance's prompt", () => plain(output).includes("i-0b000000000000001$ "), 20_000, () => plain(output));
    child.write("echo plugin-$((40+2))\r");
    await waitFor("the command's output", () => plain(output).includes("plugin-42"), 10_000, () => plain(output));
    child.resize(120, 40);
    await new Promise((resolve) => setTimeout(resolve, 500));
    output = "";
    child.write("stty size\r");
    await waitFor("the new size", () => /\b40 120\b/.test(plain(output)), 10_000, () => plain(output));
    child.write("exit\r");
    const code = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000))]);
    if (code === -1) child.kill();
    expect(code).not.toBe(-1);
    await waitFor("the session to end", () => h.registry.get(session.SessionId)?.status === "Terminated", 10_000);
  }, 60_000);
});
