// The `gatehouse` program: the real CliContext (this process's environment, streams, clock, network and browser),
// then runCli. scripts/build-cli.ts bundles it, and everything it imports, into dist/cli/gatehouse.mjs.
import { realpathSync } from "node:fs";
import { homedir, hostname } from "node:os";
import { openInBrowser } from "./browser";
import { redactingWriter, type CliContext } from "./context";
import { runCli } from "./run";

const LOGIN_TIMEOUT_MS = 5 * 60_000;

function programPath(): string {
  const script = process.argv[1] ?? "";
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}

const secrets = new Set<string>();
const ctx: CliContext = {
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: redactingWriter((text) => void process.stderr.write(text), secrets),
  secrets,
  now: () => Date.now(),
  // Read on use, not at start-up: the first touch of globalThis.fetch loads Node's HTTP client, which the
  // cached-credentials path never needs.
  fetch: (input, init) => globalThis.fetch(input, init),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  openBrowser: (url) => openInBrowser(process.env, process.platform, url),
  program: { node: process.execPath, script: programPath() },
  hostname: hostname(),
  homedir: homedir(),
  platform: process.platform,
  loginTimeoutMs: LOGIN_TIMEOUT_MS,
};

process.exitCode = await runCli(ctx, process.argv.slice(2));
