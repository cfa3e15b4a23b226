// The `gatehouse` program: the real CliContext (this process's environment, streams, clock, network and browser),
// then runCli. scripts/build-cli.ts bundles it, and everything it imports, into dist/cli/gatehouse.mjs.
import { realpathSync, writeSync } from "node:fs";
import { homedir, hostname } from "node:os";
import { openInBrowser } from "./browser";
import { redactingWriter, type CliContext } from "./context";
import { sendHttp } from "./http-client";
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

/**
 * Writes straight to the file descriptor: creating process.stdout's stream object loads a dozen of Node's internal
 * modules, a good part of the start-up time of a `credentials` call answered from the cache. A descriptor another
 * program left non-blocking can answer EAGAIN; that is retried until everything is written.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
}

const secrets = new Set<string>();
const ctx: CliContext = {
  env: process.env,
  stdout: (text) => writeAll(1, text),
  stderr: redactingWriter((text) => writeAll(2, text), secrets),
  secrets,
  now: () => Date.now(),
  http: sendHttp,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  openBrowser: (url) => openInBrowser(process.env, process.platform, url),
  program: { node: process.execPath, script: programPath() },
  hostname: hostname(),
  homedir: homedir(),
  platform: process.platform,
  loginTimeoutMs: LOGIN_TIMEOUT_MS,
};

void runCli(ctx, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
