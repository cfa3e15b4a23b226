// Shell output end to end in Chromium: `cat` of a 10 MB file on a sandbox instance, through the sandbox message
// gateway (real pty, agent-side DataChannel), the browser's WebSocket, lib/ssm (digest check, acks, ordering) via
// lib/shell's ShellConnection, and xterm.js (DOM renderer), as the terminal page runs them. Completion is a marker
// the shell prints after cat (`echo BENCH-$((6*7))-DONE`, so the typed command itself never matches), timed when
// xterm has processed it. "protocol only" runs the same without xterm, to show where the time goes. With SSM_PLUGIN
// the official session-manager-plugin `cat`s the same file through the same gateway in the same run, started the way
// the AWS CLI starts it (bench/cli-sessions.ts) in a pty, timed to the same marker; the last line is the ratio
// browser (xterm.js) ÷ plugin. "bare WebSocket" is the page's ceiling: the same number of agent-sized frames over a
// plain WebSocket, each answered with one acknowledgement-sized message, and no other work at all. --profile FILE
// writes a Chromium CPU profile (CDP Profiler) of one xterm.js run, with an unminified bundle, and prints the
// functions with the most self time.
//
//   [SSM_PLUGIN=/path/to/session-manager-plugin] npx tsx bench/shell-throughput.ts [--mb 10] [--runs 3] [--profile FILE]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../tests/support/chromium";
import { build } from "esbuild";
import { WebSocketServer } from "ws";
import { startAwsSandbox } from "../sandbox/aws";
import { printTopSelfTime, type CpuProfile } from "./cpu-profile-summary";

const flag = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const megabytes = Number(flag("mb", "10"));
const runs = Number(flag("runs", "3"));
const profileFile = flag("profile", "");
const PLUGIN = process.env.SSM_PLUGIN;
const ROOT = path.resolve(import.meta.dirname, "..");
const TARGET = {
  target: "i-0b000000000000001",
  accountId: "444444444444",
  region: "us-east-1",
  ownerArn: "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com",
  sessionNamePrefix: "dana@example.com",
};

// The file on the instance: printable 99-character lines, `megabytes` × 10^6 bytes in all.
const rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-shell-"));
const home = path.join(rootDir, "instances", TARGET.target);
mkdirSync(home, { recursive: true });
const line = `${"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(2).slice(0, 99)}\n`;
const fileBytes = megabytes * 1_000_000;
writeFileSync(path.join(home, "big.txt"), line.repeat(Math.ceil(fileBytes / line.length)).slice(0, fileBytes));

// The page's script: xterm.js + ShellConnection, bundled for the browser from the same sources the app uses.
// Agent-sized frames: a 116-byte header and at most 1,024 bytes of output; an acknowledgement is the header and
// about 160 bytes of JSON.
const FRAME_BYTES = 116 + 1024;
const ACK_BYTES = 116 + 160;
const entry = `
import { Terminal } from "@xterm/xterm";
import { OutputBatcher } from "@/lib/shell/output-batcher";
import { ShellConnection } from "@/lib/shell/shell-connection";
// The ceiling: a bare WebSocket receiving as many agent-sized frames as the shell's output makes, answering each
// with one acknowledgement-sized message, and nothing else: no digest, no decoding, no terminal.
window.runCeiling = (url) => new Promise((resolve) => {
  const ack = new Uint8Array(${ACK_BYTES});
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  let started = 0;
  socket.onopen = () => { started = performance.now(); socket.send("go"); };
  socket.onmessage = (event) => {
    if (typeof event.data === "string") { const ms = performance.now() - started; socket.close(); resolve({ ms }); }
    else socket.send(ack);
  };
});
window.runBench = (input) => new Promise((resolve, reject) => {
  const box = document.getElementById("term");
  box.replaceChildren();
  const term = input.xterm ? new Terminal({ cols: 120, rows: 40, scrollback: 1000 }) : null;
  term?.open(box);
  const connection = new ShellConnection({ credentials: input.credentials, resume: async () => ({ ok: false, final: true, message: "no resume in the benchmark" }) });
  let tail = "", bytes = 0, started = 0, prompt = false, done = false;
  const finish = () => { const ms = performance.now() - started; connection.dispose(); term?.dispose(); resolve({ ms, bytes }); };
  // As the terminal page does (components/shell/shell-terminal.tsx): frames batched into one xterm write per burst.
  const batcher = term ? new OutputBatcher((chunk) => term.write(chunk, done ? finish : undefined)) : null;
  connection.on("phase", (phase) => { if (phase.kind === "failed" || phase.kind === "ended") reject(new Error(phase.message)); });
  connection.on("output", (chunk) => {
    // The output is ASCII: the last bytes of each chunk are enough to spot the prompt and the marker.
    tail = (tail + String.fromCharCode.apply(null, chunk.subarray(-64))).slice(-64);
    if (!prompt) {
      term?.write(chunk);
      if (tail.endsWith("$ ")) { prompt = true; tail = ""; started = performance.now(); connection.sendInput(input.command); }
      return;
    }
    bytes += chunk.length;
    if (tail.includes(input.marker)) done = true;
    if (batcher) { batcher.push(chunk); if (done) batcher.flush(); } else if (done) finish();
  });
  connection.start();
});
`;
const bundle = await build({
  stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "chrome120",
  minify: !profileFile,
  write: false,
  tsconfig: path.join(ROOT, "tsconfig.json"),
});
const pageFiles: Record<string, [string, string]> = {
  "/": [
    "text/html",
    '<!doctype html><html><head><link rel="stylesheet" href="/xterm.css"></head><body><div id="term" style="width:1000px;height:700px"></div><script src="/bench.js"></script></body></html>',
  ],
  "/bench.js": ["text/javascript", bundle.outputFiles[0]!.text],
  "/xterm.css": ["text/css", readFileSync(path.join(ROOT, "node_modules/@xterm/xterm/css/xterm.css"), "utf8")],
};
const pageServer = createServer((req, res) => {
  const file = pageFiles[req.url ?? "/"];
  if (!file) return void res.writeHead(404).end();
  res.writeHead(200, { "content-type": file[0] }).end(file[1]);
});
// The ceiling's far end: the same number of frames the gateway sends for the file, at most 2,048 unacknowledged
// (the gateway's own window), each released by the page's answer to an earlier one.
const ceilingFrames = Math.ceil((fileBytes * 1.01) / 1024);
new WebSocketServer({ server: pageServer }).on("connection", (socket) => {
  const frame = Buffer.alloc(FRAME_BYTES, 97);
  let sent = 0;
  let answered = 0;
  const pump = () => {
    while (sent < ceilingFrames && sent - answered < 2048) {
      socket.send(frame);
      sent++;
    }
  };
  socket.on("message", (data, isBinary) => {
    if (!isBinary) return pump();
    if (++answered === ceilingFrames) socket.send("done");
    else pump();
  });
});
await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;

async function runCeiling(): Promise<number> {
  const { ms } = (await page.evaluate(
    (url) => (window as unknown as { runCeiling: (u: string) => Promise<{ ms: number }> }).runCeiling(url),
    pageUrl.replace("http:", "ws:"),
  )) as { ms: number };
  return ms;
}

const aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
const browser = await chromium.launch(chromiumLaunchOptions);
const page = await browser.newPage();
await page.goto(pageUrl);
const backend = async (sessionId: string) => aws.gateway!.liveSessionInfo(sessionId)?.backend ?? "?";

async function runOnce(xterm: boolean): Promise<{ ms: number; bytes: number; backend: string }> {
  const started = aws.registry.start(TARGET);
  const credentials = { sessionId: started.SessionId, streamUrl: started.StreamUrl, tokenValue: started.TokenValue };
  const result = (await page.evaluate((input) => (window as unknown as { runBench: (i: unknown) => Promise<unknown> }).runBench(input), {
    credentials,
    xterm,
    command: "cat big.txt; echo BENCH-$((6*7))-DONE\r",
    marker: "BENCH-42-DONE",
  })) as { ms: number; bytes: number };
  const pty = await backend(started.SessionId);
  aws.registry.terminate(started.SessionId);
  return { ...result, backend: pty };
}

/** The official plugin in a pty, as the AWS CLI runs it, until the same marker; the session is the browser's kind. */
async function runPlugin(): Promise<number> {
  const pty = await import("node-pty");
  const started = aws.registry.start(TARGET);
  const args = [
    JSON.stringify({ SessionId: started.SessionId, StreamUrl: started.StreamUrl, TokenValue: started.TokenValue }),
    TARGET.region,
    "StartSession",
    "",
    JSON.stringify({ Target: TARGET.target }),
    "http://127.0.0.1:9",
  ];
  const child = pty.spawn(PLUGIN!, args, { cols: 120, rows: 40, cwd: rootDir, env: { PATH: process.env.PATH ?? "", HOME: rootDir, TERM: "xterm-256color" } });
  const ms = await new Promise<number>((resolve, reject) => {
    let tail = "";
    let begun = 0;
    const timer = setTimeout(() => reject(new Error(`plugin timed out: ${tail}`)), 120_000);
    child.onData((data) => {
      tail = (tail + data).slice(-200);
      if (!begun && tail.endsWith("$ ")) {
        begun = performance.now();
        tail = "";
        child.write("cat big.txt; echo BENCH-$((6*7))-DONE\r");
      } else if (begun && tail.includes("BENCH-42-DONE")) {
        clearTimeout(timer);
        resolve(performance.now() - begun);
      }
    });
  });
  child.kill();
  aws.registry.terminate(started.SessionId);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

if (profileFile) {
  await runOnce(true); // warm-up
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const { ms } = await runOnce(true);
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
  writeFileSync(profileFile, JSON.stringify(profile));
  console.log(`xterm.js run: ${(fileBytes / 1e6 / (ms / 1000)).toFixed(2)} MB/s; profile written to ${profileFile} (open it in Chromium's DevTools)`);
  printTopSelfTime(profile, 25);
} else {
  console.log(`Shell output throughput in Chromium (${await browser.version()}), cat of a ${megabytes} MB file (${fileBytes.toLocaleString("en")} bytes)`);
  console.log("through the sandbox gateway (pty → agent DataChannel → WebSocket) → lib/ssm ShellConnection in the page\n");
  console.log("mode            run  time (s)  MB/s (file)  bytes received  pty backend");
  console.log("--------------  ---  --------  -----------  --------------  -----------");
  await runOnce(true); // warm-up: JIT, pty start-up, page caches
  const medians: Record<string, number> = {};
  const modes: Array<[string, () => Promise<{ ms: number; bytes?: number; backend?: string }>]> = [
    ["xterm.js", () => runOnce(true)],
    ["protocol only", () => runOnce(false)],
    ["bare WebSocket", async () => ({ ms: await runCeiling(), backend: "no shell: the page's ceiling" })],
  ];
  if (PLUGIN) {
    await runPlugin(); // warm-up
    modes.push(["plugin", async () => ({ ms: await runPlugin(), backend: "pty (plugin's own)" })]);
  }
  for (const [mode, run] of modes) {
    const rates: number[] = [];
    for (let n = 1; n <= runs; n++) {
      const { ms, bytes, backend: pty } = await run();
      const rate = fileBytes / 1e6 / (ms / 1000);
      rates.push(rate);
      console.log(
        `${mode.padEnd(14)}  ${String(n).padStart(3)}  ${(ms / 1000).toFixed(2).padStart(8)}  ${rate.toFixed(2).padStart(11)}  ${(bytes === undefined ? "-" : bytes.toLocaleString("en")).padStart(14)}  ${pty ?? ""}`,
      );
    }
    medians[mode] = median(rates);
    console.log(`${mode.padEnd(14)}  median MB/s: ${medians[mode]!.toFixed(2)}\n`);
  }
  console.log(
    `medians, MB/s: xterm.js ${medians["xterm.js"]!.toFixed(2)} · protocol only ${medians["protocol only"]!.toFixed(2)} · bare WebSocket ${medians["bare WebSocket"]!.toFixed(2)} · plugin ${PLUGIN ? medians.plugin!.toFixed(2) : "not measured (set SSM_PLUGIN)"}`,
  );
  if (PLUGIN)
    console.log(
      `ratio browser (xterm.js) ÷ plugin: ${(medians["xterm.js"]! / medians.plugin!).toFixed(2)}; protocol only ÷ plugin: ${(medians["protocol only"]! / medians.plugin!).toFixed(2)}; bare WebSocket ÷ plugin: ${(medians["bare WebSocket"]! / medians.plugin!).toFixed(2)}`,
    );
  console.log("(MB = 10^6 bytes of the file; bytes received include the pty's CR before each LF and the marker line)");
}

await browser.close();
await aws.close();
pageServer.close();
rmSync(rootDir, { recursive: true, force: true });
