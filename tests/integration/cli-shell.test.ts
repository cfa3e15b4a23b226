import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { plain, waitFor } from "@/sandbox/aws/gateway/test-harness";
import { buildCliBundle } from "@/scripts/lib/build-cli-bundle";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { startCliApiBridge } from "./cli-api-bridge";
import { loadRoutes, logIn, storePeople } from "./cli-fixtures";
import { consoleEnvironment, DANA, NORA, storeOrganization } from "./console-fixtures";
import { writePrivateJson } from "@/cli/private-files";

// `gatehouse shell` as a person runs it: the bundled program (dist/cli/gatehouse.mjs, Node 20, its own RFC 6455
// client) in a real pty, against the real /api/v1/shell, /api/v1/sessions/<id>/resume and DELETE routes behind an
// HTTP server, the sandbox's AWS and its gateway's real shell (bash in a pty on this machine). Instances by id and
// by Name tag; an ambiguous Name and a refusal say so in the terminal and are on record.

let aws: AwsSandbox;
let rootDir: string;
let home: string;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let bridge: Awaited<ReturnType<typeof startCliApiBridge>>;
let bundle: string;

const DEV = "i-0b000000000000001";

async function signIn(person: typeof DANA, dir: string): Promise<void> {
  const token = await logIn(await loadRoutes(), person, `${person.email}-laptop`);
  writePrivateJson(path.join(dir, "gatehouse", "token.json"), {
    url: bridge.url,
    token: token.token,
    expiresAt: token.expiresAt,
    email: person.email,
    name: person.email,
    deviceName: "test",
  });
}

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-shell-"));
  home = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-home-"));
  aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
  database = await createTestDatabase("pglite");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1" }));
  db = connectTestDatabase(database.url);
  vi.resetModules();
  await storeOrganization(db, aws.state.seed);
  await storePeople(db);
  bridge = await startCliApiBridge([
    { method: "POST", pattern: "/api/v1/shell", handler: (await import("@/app/api/v1/shell/route")).POST },
    { method: "POST", pattern: "/api/v1/sessions/:sessionId/resume", handler: (await import("@/app/api/v1/sessions/[sessionId]/resume/route")).POST },
    { method: "DELETE", pattern: "/api/v1/sessions/:sessionId", handler: (await import("@/app/api/v1/sessions/[sessionId]/route")).DELETE },
  ]);
  bundle = (await buildCliBundle()).file;
  await signIn(DANA, path.join(home, "dana"));
  await signIn(NORA, path.join(home, "nora"));
}, 120_000);
afterAll(async () => {
  await bridge?.close();
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
  rmSync(rootDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const envFor = (who: string): NodeJS.ProcessEnv =>
  ({ PATH: process.env.PATH ?? "", HOME: path.join(home, who), XDG_CONFIG_HOME: path.join(home, who), TERM: "xterm-256color" }) as unknown as NodeJS.ProcessEnv;

/** The program with piped streams: its status and what it wrote. */
function runPiped(who: string, args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], { env: envFor(who), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("gatehouse shell", () => {
  it("runs echo hello in a pty, follows a resize, passes UTF-8, and exits with the shell", async () => {
    const pty = await import("node-pty");
    let output = "";
    const child = pty.spawn(process.execPath, [bundle, "shell", DEV], { cols: 100, rows: 30, cwd: home, env: envFor("dana") });
    child.onData((data) => (output += data));
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    // Dana's profile requires a reason: the command asks for it on the terminal.
    await waitFor(
      "the reason prompt",
      () => plain(output).includes("Reason (recorded in the audit log): "),
      20_000,
      () => plain(output),
    );
    child.write("checking the logs\r");
    await waitFor(
      "the instance's prompt",
      () => plain(output).includes(`${DEV}$ `),
      20_000,
      () => plain(output),
    );
    child.write("echo hel''lo\r");
    await waitFor(
      "echo's output",
      () => /\r?\nhello\r?\n/.test(plain(output)),
      10_000,
      () => plain(output),
    );
    child.write("stty size\r");
    await waitFor(
      "the first size",
      () => /\b30 100\b/.test(plain(output)),
      10_000,
      () => plain(output),
    );
    child.resize(120, 40);
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.write("stty size\r");
    await waitFor(
      "the new size",
      () => /\b40 120\b/.test(plain(output)),
      10_000,
      () => plain(output),
    );
    child.write("printf '%s\\n' \"caf\u00e9 \u2713\"\r");
    await waitFor(
      "UTF-8 both ways",
      () => /\ncaf\u00e9 \u2713\r?\n/.test(plain(output)),
      10_000,
      () => plain(output),
    );
    child.write("exit\r");
    const code = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000))]);
    if (code === -1) child.kill();
    expect(code, plain(output)).toBe(0);
    expect(plain(output)).toMatch(/gatehouse: .*\(session /);
    const rows = await db.auditEvent.findMany({ where: { action: "shell.open", actorEmail: DANA.email, instanceId: DEV } });
    expect(rows.map((r) => r.outcome)).toEqual(expect.arrayContaining(["allowed", "issued"]));
    expect(rows.find((r) => r.outcome === "issued")?.reason).toBe("checking the logs");
  }, 60_000);

  it("passes Ctrl-C to the remote shell instead of ending the command", async () => {
    const pty = await import("node-pty");
    let output = "";
    const child = pty.spawn(process.execPath, [bundle, "shell", DEV, "--reason", "ctrl-c test"], { cols: 80, rows: 24, cwd: home, env: envFor("dana") });
    child.onData((data) => (output += data));
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    await waitFor(
      "the prompt",
      () => plain(output).includes(`${DEV}$ `),
      20_000,
      () => plain(output),
    );
    child.write("sleep 30\r");
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.write("\x03");
    child.write("echo after-$((6*7))\r");
    await waitFor(
      "the shell after Ctrl-C",
      () => plain(output).includes("after-42"),
      10_000,
      () => plain(output),
    );
    child.write("exit\r");
    expect(await exited).toBe(0);
  }, 60_000);

  it("resumes the session (ResumeSession through Gatehouse) when the connection drops, and carries on", async () => {
    const pty = await import("node-pty");
    let output = "";
    const child = pty.spawn(process.execPath, [bundle, "shell", DEV, "--reason", "resume test"], { cols: 80, rows: 24, cwd: home, env: envFor("dana") });
    child.onData((data) => (output += data));
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    await waitFor(
      "the prompt",
      () => plain(output).includes(`${DEV}$ `),
      20_000,
      () => plain(output),
    );
    const sessionId = /gatehouse: shell (\S+) on/.exec(plain(output))![1]!;
    child.write("export MARK=kept\r");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(aws.gateway!.disconnect(sessionId)).toBe(true);
    await waitFor(
      "the resume notice",
      () => plain(output).includes("connection lost, resuming the session"),
      10_000,
      () => plain(output),
    );
    child.write("echo $MARK-$((2+3))\r");
    await waitFor(
      "the same shell after the resume",
      () => plain(output).includes("kept-5"),
      15_000,
      () => plain(output),
    );
    child.write("exit\r");
    expect(await exited).toBe(0);
    const resumed = await db.auditEvent.findMany({ where: { action: "shell.resume", sessionId } });
    expect(resumed.map((r) => r.outcome)).toEqual(expect.arrayContaining(["allowed", "issued"]));
  }, 60_000);

  it("takes an instance by its Name tag, and refuses an ambiguous one listing the ids", async () => {
    const ambiguous = await runPiped("dana", ["shell", "Develop", "--reason", "x"]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/Gatehouse refused: \d instances you may reach are named "Develop": i-0b000000000000001 .*i-0b000000000000002/);
    const byName = await runPiped(
      "dana",
      ["shell", "Develop", "--region", "us-east-1", "--account", "444444444444", "--reason", "by name"],
      "echo by-$((40+2))\n",
    );
    expect(byName.stdout + byName.stderr).toContain("by-42");
    expect(byName.stderr).toContain(`on ${DEV} (Develop)`);
  }, 60_000);

  it("says why in the terminal when Gatehouse refuses, and the refusal is on record", async () => {
    const refused = await runPiped("nora", ["shell", DEV, "--reason", "x"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^gatehouse: Gatehouse refused: No instance you may reach has the id or Name tag "i-0b000000000000001"/);
    expect(refused.stderr).not.toMatch(/gh1_/);
    const rows = await db.auditEvent.findMany({ where: { action: "shell.open", actorEmail: NORA.email } });
    expect(rows.some((r) => r.outcome === "denied" && r.instanceId === DEV)).toBe(true);
  }, 30_000);
});
