import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { waitFor } from "@/sandbox/aws/gateway/test-harness";
import { buildCliBundle } from "@/scripts/lib/build-cli-bundle";
import { writePrivateJson } from "@/cli/private-files";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { hasOpenSsh, startLoopbackSshd } from "../support/loopback-sshd";
import { unusedPort } from "../support/port-forward";
import { startCliApiBridge } from "./cli-api-bridge";
import { loadRoutes, logIn, storePeople } from "./cli-fixtures";
import { ADA, consoleEnvironment, DANA, storeOrganization } from "./console-fixtures";

// `gatehouse forward` and `gatehouse proxy` as a person runs them: the bundled program against the real
// /api/v1/forward (and resume, DELETE) routes behind an HTTP server, the sandbox's AWS and its gateway's agent side
// (real TCP on loopback): three PostgreSQL connections at once through one forward; refusals (a host outside the
// rule, the metadata address) in the terminal and on record; a port the instance cannot reach reported per
// connection while the listener keeps accepting; ssh through `gatehouse proxy` to a real sshd (or an echo server).

const PG_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DEV = "i-0b000000000000001"; // 444444444444, us-east-1, Name=Develop
const SANDBOX_DEV = "i-0c000000000000001"; // 555555555555, us-east-1

let aws: AwsSandbox;
let rootDir: string;
let home: string;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let bridge: Awaited<ReturnType<typeof startCliApiBridge>>;
let bundle: string;
let sshPort: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-forward-"));
  home = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-home-"));
  sshPort = await unusedPort();
  // The demo profiles, plus SSH for Ada to the port this test's sshd (or echo server) listens on.
  const profileFile = path.join(rootDir, "access-profiles.yaml");
  writeFileSync(
    profileFile,
    readFileSync("config/demo/access-profiles.yaml", "utf8").trimEnd() +
      `
  - id: ssh-cli-test
    name: SSH from the command line (test)
    custodianRole: arn:aws:iam::111111111111:role/CustodianAdmin
    grantedTo: { users: [ada@example.com] }
    portForwarding:
      - { accounts: ["555555555555"], regions: all, role: Admin, sshPorts: [${sshPort}] }
`,
  );
  aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
  database = await createTestDatabase("pglite");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1", ACCESS_PROFILES_FILE: profileFile }));
  db = connectTestDatabase(database.url);
  vi.resetModules();
  await storeOrganization(db, aws.state.seed);
  await storePeople(db);
  bridge = await startCliApiBridge([
    { method: "POST", pattern: "/api/v1/forward", handler: (await import("@/app/api/v1/forward/route")).POST },
    { method: "POST", pattern: "/api/v1/sessions/:sessionId/resume", handler: (await import("@/app/api/v1/sessions/[sessionId]/resume/route")).POST },
    { method: "DELETE", pattern: "/api/v1/sessions/:sessionId", handler: (await import("@/app/api/v1/sessions/[sessionId]/route")).DELETE },
  ]);
  bundle = (await buildCliBundle()).file;
  for (const [who, person] of [
    ["dana", DANA],
    ["ada", ADA],
  ] as const) {
    const token = await logIn(await loadRoutes(), person, `${who}-laptop`);
    writePrivateJson(path.join(home, who, "gatehouse", "token.json"), {
      url: bridge.url,
      token: token.token,
      expiresAt: token.expiresAt,
      email: person.email,
      name: person.email,
      deviceName: "test",
    });
  }
}, 120_000);
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await bridge?.close();
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
  rmSync(rootDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const envFor = (who: string) =>
  ({ PATH: process.env.PATH ?? "", HOME: path.join(home, who), XDG_CONFIG_HOME: path.join(home, who) }) as unknown as NodeJS.ProcessEnv;

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(who: string, args: string[]): Running {
  const child = spawn(process.execPath, [bundle, ...args], { env: envFor(who), stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdout!.resume();
  return { child, stderr: () => stderr, exited: new Promise((resolve) => child.on("close", resolve)) };
}

const records = (where: Record<string, unknown>) => db.auditEvent.findMany({ where: { action: "forward.open", ...where }, orderBy: { at: "asc" } });

describe("gatehouse forward", () => {
  it("forwards a local port to PostgreSQL on the instance: queries over three connections at once, until Ctrl-C", async () => {
    const localPort = await unusedPort();
    const run = start("dana", [
      "forward",
      "Develop",
      "--region",
      "us-east-1",
      "--account",
      "444444444444",
      "--remote-port",
      "5432",
      "--local-port",
      String(localPort),
      "--reason",
      "cli forward test",
    ]);
    await waitFor("the forward to be ready", () => run.stderr().includes("Ctrl-C to stop"), 30_000, run.stderr);
    expect(run.stderr()).toContain(`forwarding 127.0.0.1:${localPort} to the instance:5432 through ${DEV} (Develop)`);
    expect(run.stderr()).toContain("several connections at once");
    const url = new URL(PG_URL);
    url.host = `127.0.0.1:${localPort}`;
    const clients = [1, 2, 3].map(() => new pg.Client({ connectionString: url.toString() }));
    await Promise.all(clients.map((client) => client.connect()));
    // Overlapping on purpose: each holds its connection while the others query.
    const answers = await Promise.all(clients.map((client, i) => client.query<{ n: number }>("SELECT pg_sleep(0.3), $1::int AS n", [i + 1])));
    expect(answers.map((answer) => answer.rows[0]!.n)).toEqual([1, 2, 3]);
    await Promise.all(clients.map((client) => client.end()));
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toMatch(/stopped forwarding 127\.0\.0\.1:\d+; session \S+ ended/);
    const rows = await records({ actorEmail: DANA.email, instanceId: DEV, outcome: "issued" });
    expect(rows.at(-1)).toMatchObject({ destination: expect.stringContaining("5432"), reason: "cli forward test" });
  }, 60_000);

  it("resumes the session when the connection drops: a PostgreSQL connection opened before still works after", async () => {
    const localPort = await unusedPort();
    const run = start("dana", ["forward", DEV, "--remote-port", "5432", "--local-port", String(localPort), "--reason", "resume"]);
    await waitFor("the forward to be ready", () => run.stderr().includes("Ctrl-C to stop"), 30_000, run.stderr);
    const sessionId = /\(session (\S+), /.exec(run.stderr())![1]!;
    const url = new URL(PG_URL);
    url.host = `127.0.0.1:${localPort}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    expect((await client.query<{ n: number }>("SELECT 1 AS n")).rows).toEqual([{ n: 1 }]);
    expect(aws.gateway!.disconnect(sessionId)).toBe(true);
    await waitFor("the resume", () => run.stderr().includes("resuming"), 10_000, run.stderr);
    expect((await client.query<{ n: number }>("SELECT 2 AS n")).rows).toEqual([{ n: 2 }]);
    await client.end();
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    const resumed = await db.auditEvent.findMany({ where: { action: "shell.resume", sessionId } });
    expect(resumed.map((r) => r.outcome)).toContain("issued");
  }, 60_000);

  it("refuses a host outside the rule and the metadata address, in the terminal and on record", async () => {
    const outside = start("dana", ["forward", DEV, "--remote-host", "db.internal", "--remote-port", "5432", "--local-port", "0", "--reason", "x"]);
    expect(await outside.exited).toBe(1);
    expect(outside.stderr()).toMatch(/^gatehouse: Gatehouse refused: .*db\.internal/m);
    const metadata = start("dana", ["forward", DEV, "--remote-host", "169.254.169.254", "--remote-port", "80", "--local-port", "0", "--reason", "x"]);
    expect(await metadata.exited).toBe(1);
    expect(metadata.stderr()).toMatch(/^gatehouse: Gatehouse refused: .*169\.254\.169\.254/m);
    const denied = await records({ actorEmail: DANA.email, outcome: "denied" });
    expect(denied.map((r) => r.detail).join("\n")).toMatch(/db\.internal/);
    expect(denied.map((r) => r.detail).join("\n")).toMatch(/169\.254\.169\.254/);
    for (const text of [outside.stderr(), metadata.stderr()]) expect(text).not.toMatch(/gh1_|TokenValue/i);
  }, 30_000);

  it("reports each connection the instance cannot make, and keeps accepting", async () => {
    const closed = await unusedPort();
    const localPort = await unusedPort();
    const run = start("ada", ["forward", SANDBOX_DEV, "--remote-port", String(closed), "--local-port", String(localPort)]);
    await waitFor("the forward to be ready", () => run.stderr().includes("Ctrl-C to stop"), 30_000, run.stderr);
    const { connect } = await import("node:net");
    for (const n of [1, 2]) {
      await new Promise<void>((resolve) => {
        const socket = connect(localPort, "127.0.0.1");
        socket.on("error", () => resolve());
        socket.on("close", () => resolve());
        socket.resume();
      });
      await waitFor(`refusal ${n}`, () => run.stderr().split("could not connect").length - 1 >= n, 15_000, run.stderr);
    }
    expect(run.stderr()).toContain(
      `the instance could not connect to the instance:${closed}: Connection to destination port failed, check SSM Agent logs. The listener keeps accepting.`,
    );
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
  }, 60_000);
});

describe("gatehouse proxy and ssh-config", () => {
  it("prints the ~/.ssh/config block with absolute paths", () => {
    const printed = spawnSync(process.execPath, [bundle, "ssh-config"], { env: envFor("ada"), encoding: "utf8" });
    expect(printed.status).toBe(0);
    expect(printed.stdout).toBe(`# Gatehouse: ssh, scp and git to instances through Session Manager (gatehouse proxy)
Host i-* mi-*
    ProxyCommand "${process.execPath}" "${bundle}" proxy %h %p
`);
  });

  it.skipIf(!hasOpenSsh())(
    "ssh through gatehouse proxy reaches a real sshd on loopback",
    async () => {
      const sshd = await startLoopbackSshd(sshPort, waitFor);
      try {
        const { out, err, status } = await sshd.runEcho(SANDBOX_DEV, `"${process.execPath}" "${bundle}" proxy %h %p`, { port: sshPort, env: envFor("ada") });
        expect(out, `${err}\n--- sshd ---\n${sshd.log()}`).toBe("hello-from-sshd\n");
        expect(status).toBe(0);
        const rows = await records({ actorEmail: ADA.email, instanceId: SANDBOX_DEV, outcome: "issued" });
        expect(rows.at(-1)?.destination).toContain(String(sshPort));
      } finally {
        sshd.stop();
      }
    },
    60_000,
  );

  it("refuses a document the profile does not allow (Dana may forward PostgreSQL, not SSH), on record", async () => {
    const child = spawn(process.execPath, [bundle, "proxy", DEV, "22", "--reason", "ssh please"], { env: envFor("dana"), stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end();
    expect(await new Promise<number | null>((resolve) => child.on("close", resolve))).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/^gatehouse: Gatehouse refused: .+/);
    const denied = await records({ actorEmail: DANA.email, outcome: "denied", instanceId: DEV });
    expect(denied.at(-1)?.destination).toContain("AWS-StartSSHSession");
  }, 30_000);

  it("refuses an SSH port outside the rule: a sentence on standard error, nothing on standard output, on record", async () => {
    const other = sshPort === 2222 ? 2223 : 2222;
    const child = spawn(process.execPath, [bundle, "proxy", SANDBOX_DEV, String(other)], { env: envFor("ada"), stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end();
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(status).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/^gatehouse: Gatehouse refused: /);
    const denied = await records({ actorEmail: ADA.email, outcome: "denied", instanceId: SANDBOX_DEV });
    expect(denied.at(-1)?.destination).toContain(String(other));
  }, 30_000);
});
