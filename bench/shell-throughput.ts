// Shell output end to end in Chromium: `cat` of a 10 MB file on a sandbox instance, through the sandbox message
// gateway (real pty, agent-side DataChannel), the browser's WebSocket, lib/ssm (digest check, acks, ordering) via
// lib/shell's ShellConnection, and xterm.js (DOM renderer), as the terminal page runs them. Completion is a marker
// the shell prints after cat (`echo BENCH-$((6*7))-DONE`, so the typed command itself never matches), timed when
// xterm has processed it. "protocol only" runs the same without xterm, to show where the time goes.
//
//   npx tsx bench/shell-throughput.ts [--mb 10] [--runs 3]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { build } from "esbuild";
import { startAwsSandbox } from "../sandbox/aws";

const flag = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const megabytes = Number(flag("mb", "10"));
const runs = Number(flag("runs", "3"));
const ROOT = path.resolve(import.meta.dirname, "..");
const TARGET = { target: "i-0b000000000000001", accountId: "444444444444", region: "us-east-1", ownerArn: "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com", sessionNamePrefix: "dana@example.com" };

// The file on the instance: printable 99-character lines, `megabytes` × 10^6 bytes in all.
const rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-shell-"));
const home = path.join(rootDir, "instances", TARGET.target);
mkdirSync(home, { recursive: true });
const line = `${"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(2).slice(0, 99)}\n`;
const fileBytes = megabytes * 1_000_000;
writeFileSync(path.join(home, "big.txt"), line.repeat(Math.ceil(fileBytes / line.length)).slice(0, fileBytes));

// The page's script: xterm.js + ShellConnection, bundled for the browser from the same sources the app uses.
const entry = `
import { Terminal } from "@xterm/xterm";
import { ShellConnection } from "@/lib/shell/shell-connection";
window.runBench = (input) => new Promise((resolve, reject) => {
  const box = document.getElementById("term");
  box.replaceChildren();
  const term = input.xterm ? new Terminal({ cols: 120, rows: 40, scrollback: 1000 }) : null;
  term?.open(box);
  const connection = new ShellConnection({ credentials: input.credentials, resume: async () => ({ ok: false, final: true, message: "no resume in the benchmark" }) });
  const decoder = new TextDecoder();
  let tail = "", bytes = 0, started = 0, prompt = false;
  connection.on("phase", (phase) => { if (phase.kind === "failed" || phase.kind === "ended") reject(new Error(phase.message)); });
  connection.on("output", (chunk) => {
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-64);
    if (!prompt) {
      term?.write(chunk);
      if (tail.endsWith("$ ")) { prompt = true; tail = ""; started = performance.now(); connection.sendInput(input.command); }
      return;
    }
    bytes += chunk.length;
    const done = tail.includes(input.marker);
    const finish = () => { const ms = performance.now() - started; connection.dispose(); term?.dispose(); resolve({ ms, bytes }); };
    if (term) term.write(chunk, done ? finish : undefined); else if (done) finish();
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
  minify: true,
  write: false,
  tsconfig: path.join(ROOT, "tsconfig.json"),
});
const pageFiles: Record<string, [string, string]> = {
  "/": ["text/html", '<!doctype html><html><head><link rel="stylesheet" href="/xterm.css"></head><body><div id="term" style="width:1000px;height:700px"></div><script src="/bench.js"></script></body></html>'],
  "/bench.js": ["text/javascript", bundle.outputFiles[0]!.text],
  "/xterm.css": ["text/css", readFileSync(path.join(ROOT, "node_modules/@xterm/xterm/css/xterm.css"), "utf8")],
};
const pageServer = createServer((req, res) => {
  const file = pageFiles[req.url ?? "/"];
  if (!file) return void res.writeHead(404).end();
  res.writeHead(200, { "content-type": file[0] }).end(file[1]);
});
await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;

const aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
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

console.log(`Shell output throughput in Chromium (${(await browser.version())}), cat of a ${megabytes} MB file (${fileBytes.toLocaleString("en")} bytes)`);
console.log("through the sandbox gateway (pty → agent DataChannel → WebSocket) → lib/ssm ShellConnection in the page\n");
console.log("mode            run  time (s)  MB/s (file)  bytes received  pty backend");
console.log("--------------  ---  --------  -----------  --------------  -----------");
await runOnce(true); // warm-up: JIT, pty start-up, page caches
for (const [mode, xterm] of [["xterm.js", true], ["protocol only", false]] as const) {
  const rates: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const { ms, bytes, backend: pty } = await runOnce(xterm);
    const rate = fileBytes / 1e6 / (ms / 1000);
    rates.push(rate);
    console.log(`${mode.padEnd(14)}  ${String(run).padStart(3)}  ${(ms / 1000).toFixed(2).padStart(8)}  ${rate.toFixed(2).padStart(11)}  ${bytes.toLocaleString("en").padStart(14)}  ${pty}`);
  }
  rates.sort((a, b) => a - b);
  console.log(`${mode.padEnd(14)}  median MB/s: ${rates[Math.floor(rates.length / 2)]!.toFixed(2)}\n`);
}
console.log("(MB = 10^6 bytes of the file; bytes received include the pty's CR before each LF and the marker line)");

await browser.close();
await aws.close();
pageServer.close();
rmSync(rootDir, { recursive: true, force: true });
