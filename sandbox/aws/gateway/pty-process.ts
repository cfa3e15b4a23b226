// A pseudo-terminal running a real shell. Prefers node-pty; when its native binary is missing (npm
// skips node-pty's build script here and 1.1.0 ships no Linux prebuild), falls back to a tiny Python
// (stdlib only) pty host, so the sandbox still runs a real interactive shell with working resize.
import { spawn as spawnChild } from "node:child_process";
import { accessSync, constants as fsConstants } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as NodePty from "node-pty";

export interface PtyExit {
  exitCode: number;
  signal?: number;
}

export interface PtyProcess {
  readonly pid: number;
  readonly backend: "node-pty" | "python";
  onData(listener: (bytes: Uint8Array) => void): void;
  onExit(listener: (exit: PtyExit) => void): void;
  write(bytes: Uint8Array): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  /** Hang up the shell (SIGHUP, as closing a terminal does). */
  kill(): void;
}

export interface SpawnPtyOptions {
  command: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  /** "auto" (default): node-pty if it loads, else Python. */
  backend?: "auto" | "node-pty" | "python";
  /** Module specifier or directory of node-pty; default "node-pty" (env GATEHOUSE_NODE_PTY_PATH). */
  nodePtyPath?: string;
}

const nodePtyCache = new Map<string, Promise<typeof NodePty | null>>();

async function loadNodePty(specifier: string): Promise<typeof NodePty | null> {
  let pending = nodePtyCache.get(specifier);
  if (!pending) {
    const target = path.isAbsolute(specifier) ? pathToFileURL(path.join(specifier, "lib", "index.js")).href : specifier;
    pending = import(target).then(
      (mod: { spawn?: typeof NodePty.spawn; default?: typeof NodePty }) => (mod.spawn ? mod : mod.default) as typeof NodePty,
      () => null,
    );
    nodePtyCache.set(specifier, pending);
  }
  return pending;
}

export async function spawnPty(options: SpawnPtyOptions): Promise<PtyProcess> {
  const backend = options.backend ?? "auto";
  if (backend !== "python") {
    const nodePty = await loadNodePty(options.nodePtyPath ?? process.env.GATEHOUSE_NODE_PTY_PATH ?? "node-pty");
    if (nodePty) return spawnWithNodePty(nodePty, options);
    if (backend === "node-pty") throw new Error("node-pty could not be loaded (native module missing?)");
  }
  return spawnWithPython(options);
}

function spawnWithNodePty(nodePty: typeof NodePty, options: SpawnPtyOptions): PtyProcess {
  const [file, ...args] = options.command;
  const pty = nodePty.spawn(file!, args, {
    name: options.env.TERM ?? "xterm-256color",
    cols: options.cols,
    rows: options.rows,
    cwd: options.cwd,
    env: options.env,
    // null: hand out raw Buffers, so split UTF-8 sequences and binary output pass through untouched.
    encoding: null,
  });
  return {
    pid: pty.pid,
    backend: "node-pty",
    onData: (listener) => pty.onData((data) => listener(data as unknown as Uint8Array)),
    onExit: (listener) => pty.onExit(({ exitCode, signal }) => listener({ exitCode, signal })),
    write: (bytes) => pty.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    resize: (cols, rows) => pty.resize(cols, rows),
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    kill: () => pty.kill("SIGHUP"),
  };
}

// The Python host: opens a pty, forks the shell as session leader with the pty as controlling
// terminal, copies stdin->pty and pty->stdout, and applies "cols rows" lines from fd 3 as resizes.
const PYTHON_PTY_HOST = String.raw`
import fcntl, os, select, signal, struct, sys, termios
cols, rows = int(sys.argv[1]), int(sys.argv[2])
argv = sys.argv[3:]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
pid = os.fork()
if pid == 0:
    try:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.closerange(3, 1024)
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
os.close(slave)
def hangup(*_):
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError:
        pass
signal.signal(signal.SIGTERM, hangup)
signal.signal(signal.SIGHUP, hangup)
def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]
watch = [master, 0, 3]
pending = b""
while True:
    ready = select.select(watch, [], [])[0]
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            break
        write_all(1, data)
    if 0 in ready:
        data = os.read(0, 65536)
        if data:
            write_all(master, data)
        else:
            watch.remove(0)
            hangup()
    if 3 in ready:
        data = os.read(3, 4096)
        if not data:
            watch.remove(3)
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            c, r = (int(x) for x in line.split())
            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", r, c, 0, 0))
code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
sys.exit(code if code >= 0 else 128 - code)
`;

function findPython(): string {
  const dirs = ["/usr/bin", "/usr/local/bin", ...(process.env.PATH ?? "").split(path.delimiter)];
  for (const dir of dirs) {
    const candidate = path.join(dir, "python3");
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error("Neither node-pty nor python3 is available to host a shell");
}

function spawnWithPython(options: SpawnPtyOptions): PtyProcess {
  const child = spawnChild(findPython(), ["-c", PYTHON_PTY_HOST, String(options.cols), String(options.rows), ...options.command], {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "pipe", "pipe"],
  });
  const control = child.stdio[3] as NodeJS.WritableStream;
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[pty-host ${child.pid}] ${chunk.toString()}`));
  // Writes after the shell is gone fail with EPIPE; the exit event reports the end.
  child.stdin!.on("error", () => {});
  control.on("error", () => {});
  let killTimer: NodeJS.Timeout | undefined;
  return {
    pid: child.pid ?? -1,
    backend: "python",
    onData: (listener) => child.stdout!.on("data", (chunk: Buffer) => listener(chunk)),
    onExit: (listener) =>
      child.on("close", (code, signal) => {
        clearTimeout(killTimer);
        listener({ exitCode: code ?? 128, signal: signal ? 1 : undefined });
      }),
    write: (bytes) => {
      if (child.stdin!.writable) child.stdin!.write(bytes);
    },
    resize: (cols, rows) => {
      if (Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0) control.write(`${cols} ${rows}\n`);
    },
    pause: () => child.stdout!.pause(),
    resume: () => child.stdout!.resume(),
    kill: () => {
      child.kill("SIGHUP");
      // A shell that ignores the hangup still dies with its host; the kernel hangs up the pty then.
      killTimer ??= setTimeout(() => child.kill("SIGKILL"), 3_000).unref() as NodeJS.Timeout;
    },
  };
}
