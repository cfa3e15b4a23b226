// `gatehouse credentials` as the AWS tools run it: a whole process, timed from outside.
//
//   1. Warm cache: the wall time of `node dist/cli/gatehouse.mjs credentials …` answered from its cache, beside
//      `node -e 0` in the same run, alternating A B A B, as a ratio (goal: within 1.5× of bare Node start-up).
//      Needs no server: a sign-in and a cached entry are written into a throwaway XDG_CONFIG_HOME.
//   2. Empty cache (--demo, or --url with a signed-in terminal): `credentials --no-cache` beside the server's own
//      answer time for POST /api/v1/credentials (the role chain), measured as one HTTP request on a fresh
//      connection from this already running process, and the Server-Timing header when the server sends one
//      (goal: the process adds one round trip and Node's start-up, nothing more).
//
//   npx tsx bench/cli-credentials.ts [--runs 30]
//   npx tsx bench/cli-credentials.ts --demo [--port 3790]   # starts the demo (needs a build) and signs Dana in
//   npx tsx bench/cli-credentials.ts --url http://localhost:3000 [--account 444444444444 --role Developer]
//
// --demo starts scripts/demo.ts on its own ports with a throwaway data folder (sandbox Google and AWS included) and
// approves the command-line login in Chromium (/usr/bin/chromium) as Dana; --url uses the sign-in the current
// XDG_CONFIG_HOME (or ~/.config/gatehouse) holds.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import os from "node:os";
import path from "node:path";
import { writeCachedCredentials } from "@/cli/credential-cache";
import type { CliContext } from "@/cli/context";
import { readSession, saveSession, sessionIdOf } from "@/cli/session-store";
import { chromiumLaunchOptions } from "../tests/support/chromium";

const ROOT = path.resolve(import.meta.dirname, "..");
const BUNDLE = path.join(ROOT, "dist", "cli", "gatehouse.mjs");
const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const RUNS = Number(arg("runs", "30"));
const ACCOUNT = arg("account", "444444444444");
const ROLE = arg("role", "Developer");
const CREDENTIALS = ["credentials", "--account", ACCOUNT, "--role", ROLE];

/** A bare environment (Node's start-up time depends on it: NODE_EXTRA_CA_CERTS alone adds tens of ms). */
const bareEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", ...extra }) as unknown as NodeJS.ProcessEnv;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (label: string, values: number[]) =>
  console.log(
    `  ${label.padEnd(44)} median ${ms(median(values)).padStart(9)}   p90 ${ms(quantile(values, 0.9)).padStart(9)}   min ${ms(Math.min(...values)).padStart(9)}`,
  );

/** Wall time of one whole process, in ms; fails loudly if it did not succeed. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr.toString().trim()}`);
  return elapsed;
}

function contextFor(dir: string): CliContext {
  return { env: { XDG_CONFIG_HOME: dir }, homedir: dir, secrets: new Set(), now: () => Date.now() } as unknown as CliContext;
}

function ensureBundle() {
  if (existsSync(BUNDLE)) return;
  const built = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "build-cli.ts")], { stdio: "inherit" });
  if (built.status !== 0) throw new Error("could not build the command line");
}

function warmCache() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-warm-"));
  const ctx = contextFor(dir);
  const url = "http://127.0.0.1:9"; // never dialled: every answer below comes from the cache
  const token = `gh1_benchsession_${"x".repeat(43)}`;
  saveSession(ctx, {
    url,
    token,
    expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
    email: "bench@example.com",
    name: "Bench",
    deviceName: "bench",
  });
  writeCachedCredentials(
    ctx,
    { url, sessionId: sessionIdOf(token), account: ACCOUNT, role: ROLE },
    {
      Version: 1,
      AccessKeyId: "ASIABENCHBENCHBENCH0",
      SecretAccessKey: "bench-secret-access-key-bench-secret-access",
      SessionToken: "bench-session-token",
      Expiration: new Date(Date.now() + 3600_000).toISOString(),
      AccountId: ACCOUNT,
    },
  );
  const env = bareEnv({ HOME: dir, XDG_CONFIG_HOME: dir });
  const bare: number[] = [];
  const cli: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < 3; i++) {
    timeProcess(["-e", "0"], env); // warm-up
    timeProcess([BUNDLE, ...CREDENTIALS], env);
  }
  for (let i = 0; i < RUNS; i++) {
    const a = timeProcess(["-e", "0"], env);
    const b = timeProcess([BUNDLE, ...CREDENTIALS], env);
    bare.push(a);
    cli.push(b);
    ratios.push(b / a);
  }
  console.log(`\nWarm cache, ${RUNS} pairs (node ${process.version}, ${os.cpus().length} CPUs):`);
  row("node -e 0", bare);
  row("gatehouse credentials (from the cache)", cli);
  console.log(`  ratio of medians ${(median(cli) / median(bare)).toFixed(2)}×, median of pairwise ratios ${median(ratios).toFixed(2)}× (goal: within 1.5×)`);
}

/** POST /api/v1/credentials on a fresh connection (as a new process has): total time, and Server-Timing if any. */
function directCall(url: string, token: string): Promise<{ total: number; serverTiming: string | null }> {
  const target = new URL("/api/v1/credentials", url);
  const body = JSON.stringify({ account: ACCOUNT, role: ROLE });
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = send(
      target,
      {
        method: "POST",
        agent: false,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) return reject(new Error(`POST /api/v1/credentials answered ${res.statusCode}`));
          resolve({ total: Number(process.hrtime.bigint() - started) / 1e6, serverTiming: (res.headers["server-timing"] as string | undefined) ?? null });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The total `dur` of a Server-Timing header, in ms. */
const serverTimingTotal = (header: string) => [...header.matchAll(/dur=([\d.]+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);

async function emptyCache(url: string, xdgConfigHome: string) {
  const session = readSession(contextFor(xdgConfigHome));
  if (!session) throw new Error(`no sign-in under ${xdgConfigHome}/gatehouse: run gatehouse login --url ${url} first`);
  const env = bareEnv({ HOME: os.homedir(), XDG_CONFIG_HOME: xdgConfigHome });
  const cli: number[] = [];
  const direct: number[] = [];
  const server: number[] = [];
  const bare: number[] = [];
  const bareRequest: number[] = [];
  // The least any Node program can do for the same answer: start, one request, print it.
  const oneRequest =
    `const u=new URL("/api/v1/credentials",${JSON.stringify(url)});const b=${JSON.stringify(JSON.stringify({ account: ACCOUNT, role: ROLE }))};` +
    `require(u.protocol==="https:"?"https":"http").request(u,{method:"POST",agent:false,headers:{authorization:"Bearer "+process.env.GATEHOUSE_BENCH_TOKEN,"content-type":"application/json","content-length":Buffer.byteLength(b)}},` +
    `r=>{let t="";r.on("data",c=>t+=c);r.on("end",()=>{if(r.statusCode!==200)process.exit(1);process.stdout.write(t)})}).end(b)`;
  const requestEnv = { ...env, GATEHOUSE_BENCH_TOKEN: session.token };
  for (let i = 0; i < 2; i++) {
    timeProcess([BUNDLE, ...CREDENTIALS, "--no-cache"], env); // warm-up
    await directCall(url, session.token);
  }
  for (let i = 0; i < RUNS; i++) {
    bare.push(timeProcess(["-e", "0"], env));
    bareRequest.push(timeProcess(["-e", oneRequest], requestEnv));
    cli.push(timeProcess([BUNDLE, ...CREDENTIALS, "--no-cache"], env));
    const call = await directCall(url, session.token);
    direct.push(call.total);
    if (call.serverTiming) server.push(serverTimingTotal(call.serverTiming));
  }
  console.log(`\nEmpty cache (--no-cache), ${RUNS} runs against ${url}:`);
  if (server.length) row("server's own time (Server-Timing)", server);
  row("one request from a running process", direct);
  row("node -e 0", bare);
  row("node -e <one request, print the answer>", bareRequest);
  row("gatehouse credentials --no-cache (whole process)", cli);
  console.log(
    `  the process adds ${ms(median(cli) - median(direct))} to one request (${ms(median(bare))} of it Node's start-up), ${ms(median(cli) - median(bareRequest))} to the least a Node program making that request takes`,
  );
  if (!server.length) console.log("  (the server sent no Server-Timing header, so its own time is shown as one request from a running process)");
}

async function startDemo(): Promise<{ url: string; stop: () => void }> {
  const port = Number(arg("port", "3790"));
  const url = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-demo-"));
  const child: ChildProcess = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "demo.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      NEXTAUTH_URL: url,
      GATEHOUSE_DATA_DIR: dataDir,
      SANDBOX_GOOGLE_PORT: arg("google-port", String(port + 800)),
      SANDBOX_AWS_PORT: arg("aws-port", String(port + 1300)),
      EMBEDDED_DB_PORT: arg("db-port", String(port + 2200)),
      RATE_LIMIT_CREDENTIALS: "100000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error("the demo exited");
    const up = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error("the demo did not start within 4 minutes");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { url, stop: () => void child.kill("SIGTERM") };
}

/** `gatehouse login` with Chromium approving as Dana, into a fresh state folder. */
async function signInDana(url: string): Promise<string> {
  const { chromium } = await import("@playwright/test");
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-login-"));
  const opened = path.join(dir, "opened");
  const opener = path.join(dir, "open.sh");
  writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
  chmodSync(opener, 0o755);
  const login = spawn(process.execPath, [BUNDLE, "login", "--url", url, "--device-name", "bench"], {
    env: bareEnv({ HOME: dir, XDG_CONFIG_HOME: dir, GATEHOUSE_BROWSER: opener }),
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => login.on("exit", resolve));
  while (!existsSync(opened)) await new Promise((resolve) => setTimeout(resolve, 100));
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(readFileSync(opened, "utf8"));
    await page.getByRole("button", { name: "Sign in with Google" }).click();
    await page.getByRole("button", { name: "Dana Developer dana@example.com" }).click();
    await page.getByRole("button", { name: "Approve" }).click();
    if ((await exited) !== 0) throw new Error("gatehouse login failed");
  } finally {
    await browser.close();
  }
  return dir;
}

ensureBundle();
warmCache();
if (process.argv.includes("--demo")) {
  const demo = await startDemo();
  try {
    await emptyCache(demo.url, await signInDana(demo.url));
  } finally {
    demo.stop();
  }
} else if (process.argv.includes("--url")) {
  const xdg = process.env.XDG_CONFIG_HOME;
  await emptyCache(arg("url", ""), xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".config"));
} else {
  console.log("\n(Empty-cache figures: add --demo, or --url URL with a signed-in terminal.)");
}
