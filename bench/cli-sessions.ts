// `gatehouse forward` and `gatehouse shell` beside the official session-manager-plugin, in the same run, through
// the sandbox's message gateway (its agent side: real TCP on loopback for port sessions, a real pty for shells):
//   - port forwarding (AWS-StartPortForwardingSession to a TCP source on loopback): MB/s over one connection and
//     over 8 at once, and connection set-up time (connect, 1-byte request, first byte of the answer), each client
//     on a local port of its own;
//   - terminal shell: `cat` of a 10 MB file, in a pty, until a marker the shell prints after it.
// gatehouse runs as the bundled program (dist/cli/gatehouse.mjs, Node 20, its own WebSocket client) signed in as Ada
// against the real /api/v1 routes behind an HTTP server (PGlite); the plugin gets a StartSession answer from the
// sandbox's SSM API. The session start itself (the API call, decide(), audit) is not in the transfer figures.
// Ratios are gatehouse ÷ plugin for rates (higher is better) and plugin ÷ gatehouse for times.
//
//   SSM_PLUGIN=/path/to/session-manager-plugin npx tsx bench/cli-sessions.ts [--mb 64] [--runs 3] [--shell-mb 10] [--bundle PATH]
// Without SSM_PLUGIN only gatehouse is measured (and the script says so).
// `import "server-only"` is a no-op inside the Next.js server; here a resolve hook maps it to the package's empty
// module, registered before any Gatehouse module loads (hence the dynamic imports below).
import { spawn, type ChildProcess } from "node:child_process";
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { StartSessionCommand, SSMClient } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

register(
  `data:text/javascript,${encodeURIComponent(
    `export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true } : next(specifier, context); }`,
  )}`,
);

const flag = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const MB = Number(flag("mb", "64"));
const RUNS = Number(flag("runs", "3"));
const SHELL_MB = Number(flag("shell-mb", "10"));
const PLUGIN = process.env.SSM_PLUGIN;
const TARGET = "i-0c000000000000001"; // 555555555555, us-east-1: Ada (admin profile) forwards any port there
const ADA = { sub: "100000000000000000001", email: "ada@example.com", groups: ["admins@example.com", "engineering@example.com"] };

const { startAwsSandbox, SANDBOX_BROKER } = await import("@/sandbox/aws");
const { applyAppEnvironment, connectTestDatabase } = await import("@/tests/support/app-env");
const { createTestDatabase } = await import("@/tests/support/databases");
const { consoleEnvironment, storeOrganization } = await import("@/tests/integration/console-fixtures");
const { startCliApiBridge } = await import("@/tests/integration/cli-api-bridge");
const { testActor } = await import("@/tests/support/actor");
const { buildCliBundle } = await import("@/scripts/lib/build-cli-bundle");
const { writePrivateJson } = await import("@/cli/private-files");
const { createHash, randomBytes } = await import("node:crypto");

const rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-cli-"));
const home = path.join(rootDir, "home");
mkdirSync(path.join(rootDir, "instances", TARGET), { recursive: true });
const line = `${"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(2).slice(0, 99)}\n`;
const shellBytes = SHELL_MB * 1_000_000;
writeFileSync(path.join(rootDir, "instances", TARGET, "big.txt"), line.repeat(Math.ceil(shellBytes / line.length)).slice(0, shellBytes));

const aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
const database = await createTestDatabase("pglite");
applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1" }));
const db = connectTestDatabase(database.url);
await storeOrganization(db, aws.state.seed);
await db.user.upsert({
  where: { sub: ADA.sub },
  create: { sub: ADA.sub, email: ADA.email, name: "Ada Admin", hostedDomain: "example.com", groups: ADA.groups },
  update: {},
});
const bridge = await startCliApiBridge([
  { method: "POST", pattern: "/api/v1/shell", handler: (await import("@/app/api/v1/shell/route")).POST },
  { method: "POST", pattern: "/api/v1/forward", handler: (await import("@/app/api/v1/forward/route")).POST },
  { method: "POST", pattern: "/api/v1/sessions/:sessionId/resume", handler: (await import("@/app/api/v1/sessions/[sessionId]/resume/route")).POST },
  { method: "DELETE", pattern: "/api/v1/sessions/:sessionId", handler: (await import("@/app/api/v1/sessions/[sessionId]/route")).DELETE },
]);
// --bundle PATH measures another build of the command line (a candidate change) instead of building dist/cli.
const bundle = flag("bundle", "") ? path.resolve(flag("bundle", "")) : (await buildCliBundle()).file;

// Ada's command-line token: a loopback login approved by her browser session, then the code traded.
{
  const approve = (await import("@/app/api/cli/login/approve/route")).POST;
  const exchange = (await import("@/app/api/v1/cli/token/route")).POST;
  const verifier = randomBytes(48).toString("base64url");
  const params = {
    redirect_uri: "http://127.0.0.1:49152/callback",
    state: randomBytes(24).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    device: "bench",
    code: "WDJB-MJHT",
  };
  const origin = "http://localhost:3000";
  const approved = await approve.asActor(
    testActor({ ...ADA, name: "Ada Admin" }),
    new Request(`${origin}/api/cli/login/approve`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "sec-fetch-site": "same-origin" },
      body: JSON.stringify(params),
    }),
  );
  const code = new URL(((await approved.json()) as { redirectTo: string }).redirectTo).searchParams.get("code")!;
  const traded = await exchange.asActor(
    null,
    new Request(`${origin}/api/v1/cli/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: params.redirect_uri }),
    }),
  );
  const token = (await traded.json()) as { token: string; expiresAt: string };
  writePrivateJson(path.join(home, "gatehouse", "token.json"), {
    url: bridge.url,
    token: token.token,
    expiresAt: token.expiresAt,
    email: ADA.email,
    name: "Ada Admin",
    deviceName: "bench",
  });
}
const env = { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: home, TERM: "xterm-256color" } as unknown as NodeJS.ProcessEnv;

// The plugin's StartSession answers, as Ada's Admin role (the same role Gatehouse starts hers with).
const sts = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new STSClient({ endpoint: aws.url, region: "us-east-1", credentials, maxAttempts: 1 });
async function assume(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, roleArn: string) {
  const answer = await sts(credentials).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ADA.email }));
  return {
    accessKeyId: answer.Credentials!.AccessKeyId!,
    secretAccessKey: answer.Credentials!.SecretAccessKey!,
    sessionToken: answer.Credentials!.SessionToken!,
  };
}
const adaRole = await assume(
  await assume({ accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey }, "arn:aws:iam::111111111111:role/CustodianAdmin"),
  "arn:aws:iam::555555555555:role/Admin",
);
const ssm = new SSMClient({ endpoint: aws.url, region: "us-east-1", credentials: adaRole, maxAttempts: 1 });
async function pluginArgs(input: { DocumentName?: string; Parameters?: Record<string, string[]> }): Promise<string[]> {
  const request = { Target: TARGET, ...input };
  const answer = await ssm.send(new StartSessionCommand(request));
  return [
    JSON.stringify({ SessionId: answer.SessionId, StreamUrl: answer.StreamUrl, TokenValue: answer.TokenValue }),
    "us-east-1",
    "StartSession",
    "",
    JSON.stringify(request),
    "http://127.0.0.1:9",
  ];
}

// The destination: reads "<n>\n", answers n bytes and ends.
const CHUNK = Buffer.alloc(1 << 20, 0x5a);
const source = createServer((socket: Socket) => {
  let buffered = "";
  socket.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("latin1");
    const newline = buffered.indexOf("\n");
    if (newline < 0) return;
    let left = Number(buffered.slice(0, newline));
    socket.removeAllListeners("data");
    const pump = () => {
      while (left > 0) {
        const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= piece.length;
        if (!socket.write(piece)) return void socket.once("drain", pump);
      }
      socket.end();
    };
    pump();
  });
  socket.on("error", () => undefined);
});
await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
const sourcePort = (source.address() as AddressInfo).port;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** One request through the forward: bytes asked for, time to the first byte and to the end. */
function fetchBytes(port: number, bytes: number): Promise<{ firstMs: number; totalMs: number; got: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstMs = 0;
    let got = 0;
    const socket = connect(port, "127.0.0.1", () => socket.write(`${bytes}\n`));
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      if (got === 0) firstMs = performance.now() - started;
      got += chunk.length;
    });
    socket.on("end", () =>
      got === bytes ? resolve({ firstMs, totalMs: performance.now() - started, got }) : reject(new Error(`got ${got} of ${bytes} bytes`)),
    );
    socket.on("error", reject);
  });
}

interface Forwarder {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startForwarder(kind: "gatehouse" | "plugin"): Promise<Forwarder> {
  const port = await freePort();
  let child: ChildProcess;
  let ready: RegExp;
  if (kind === "gatehouse") {
    child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : []),
        bundle,
        "forward",
        TARGET,
        "--remote-port",
        String(sourcePort),
        "--local-port",
        String(port),
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    ready = /Ctrl-C to stop/;
  } else {
    const args = await pluginArgs({
      DocumentName: "AWS-StartPortForwardingSession",
      Parameters: { portNumber: [String(sourcePort)], localPortNumber: [String(port)] },
    });
    child = spawn(PLUGIN!, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    ready = /Waiting for connections/;
  }
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not get ready: ${output}`)), 30_000);
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
  });
  return {
    port,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once("close", () => resolve());
        child.kill("SIGINT");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const bytesPer = MB * 1_000_000;

async function measureForward(kind: "gatehouse" | "plugin") {
  const forwarder = await startForwarder(kind);
  try {
    await fetchBytes(forwarder.port, 1_000_000); // warm-up
    const single: number[] = [];
    const eight: number[] = [];
    const setup: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const one = await fetchBytes(forwarder.port, bytesPer);
      single.push(bytesPer / 1e6 / (one.totalMs / 1000));
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 8 }, () => fetchBytes(forwarder.port, bytesPer / 8)));
      eight.push(results.reduce((sum, r) => sum + r.got, 0) / 1e6 / ((performance.now() - started) / 1000));
    }
    for (let i = 0; i < 20; i++) setup.push((await fetchBytes(forwarder.port, 1)).firstMs);
    return { single: median(single), eight: median(eight), setup: median(setup) };
  } finally {
    await forwarder.stop();
  }
}

async function measureShell(kind: "gatehouse" | "plugin"): Promise<number> {
  const pty = await import("node-pty");
  const rates: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const [file, args] = kind === "gatehouse" ? [process.execPath, [bundle, "shell", TARGET]] : [PLUGIN!, await pluginArgs({})];
    const child = pty.spawn(file, args, { cols: 120, rows: 40, cwd: home, env: env as Record<string, string> });
    const ms = await new Promise<number>((resolve, reject) => {
      let tail = "";
      let started = 0;
      const timer = setTimeout(() => reject(new Error(`${kind} shell timed out: ${tail}`)), 120_000);
      child.onData((data) => {
        tail = (tail + data).slice(-200);
        if (!started && tail.endsWith("$ ")) {
          started = performance.now();
          tail = "";
          child.write("cat big.txt; echo BENCH-$((6*7))-DONE\r");
        } else if (started && tail.includes("BENCH-42-DONE")) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
    });
    child.write("exit\r");
    await new Promise<void>((resolve) => {
      child.onExit(() => resolve());
      setTimeout(() => (child.kill(), resolve()), 5000);
    });
    if (run > 0) rates.push(shellBytes / 1e6 / (ms / 1000)); // run 0 warms up
  }
  return median(rates);
}

console.log(
  `gatehouse (Node ${process.version}, ${path.relative(process.cwd(), bundle)}) beside ${PLUGIN ? `the official session-manager-plugin (${PLUGIN})` : "nothing: SSM_PLUGIN is not set, so the plugin is skipped"}`,
);
console.log(`through the sandbox gateway; medians of ${RUNS} runs; ${MB} MB per transfer (8 × ${MB / 8} MB at once); set-up: median of 20\n`);
const kinds = PLUGIN ? (["gatehouse", "plugin"] as const) : (["gatehouse"] as const);
const forward: Record<string, { single: number; eight: number; setup: number }> = {};
const shell: Record<string, number> = {};
for (const kind of kinds) forward[kind] = await measureForward(kind);
for (const kind of kinds) shell[kind] = await measureShell(kind);

const row = (label: string, g: number, p: number | undefined, unit: string, higherIsBetter: boolean) => {
  const ratio = p === undefined ? "" : (higherIsBetter ? g / p : p / g).toFixed(2);
  console.log(
    `${label.padEnd(34)} ${g.toFixed(2).padStart(10)} ${p === undefined ? "".padStart(10) : p.toFixed(2).padStart(10)}  ${unit.padEnd(5)} ${ratio.padStart(6)}`,
  );
};
console.log(`${"".padEnd(34)} ${"gatehouse".padStart(10)} ${"plugin".padStart(10)}  unit   ratio`);
row("forward, 1 connection", forward.gatehouse!.single, forward.plugin?.single, "MB/s", true);
row("forward, 8 connections at once", forward.gatehouse!.eight, forward.plugin?.eight, "MB/s", true);
row("forward, connection set-up", forward.gatehouse!.setup, forward.plugin?.setup, "ms", false);
row(`shell, cat of a ${SHELL_MB} MB file`, shell.gatehouse!, shell.plugin, "MB/s", true);
console.log("\n(ratio: gatehouse ÷ plugin for MB/s, plugin ÷ gatehouse for ms; ≥ 1.00 means gatehouse is as fast or faster)");
console.log(
  `load average at the end: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(", ")} (${os.cpus().length} cores)`,
);

await bridge.close();
await db.$disconnect();
await database.drop();
await aws.close();
source.close();
rmSync(rootDir, { recursive: true, force: true });
process.exit(0);
