import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// A real OpenSSH server on loopback for the tests that run ssh through Session Manager (the sandbox's instances are
// this machine): a throwaway host key and client key, key login only, for the user who runs the tests.

export const SSHD = "/usr/sbin/sshd";
export const hasOpenSsh = () => existsSync(SSHD) && spawnSync("which", ["ssh"]).status === 0;

export interface LoopbackSshd {
  user: string;
  clientKey: string;
  log(): string;
  /** Runs `ssh … user@host echo hello-from-sshd` through the ProxyCommand; its output, stderr and exit status. */
  runEcho(
    host: string,
    proxyCommand: string,
    options: { port?: number; env?: NodeJS.ProcessEnv },
  ): Promise<{ out: string; err: string; status: number | null }>;
  stop(): void;
}

export async function startLoopbackSshd(
  port: number,
  waitFor: (what: string, predicate: () => boolean, timeoutMs: number, dump: () => string) => Promise<void>,
): Promise<LoopbackSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-sshd-"));
  const keygen = (file: string) => spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, file)], { stdio: "ignore" });
  keygen("host_key");
  keygen("client_key");
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(path.join(dir, "client_key.pub")));
  const user = os.userInfo().username;
  writeFileSync(
    path.join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${path.join(dir, "host_key")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      `PermitRootLogin ${user === "root" ? "prohibit-password" : "no"}`,
      "",
    ].join("\n"),
  );
  spawnSync("mkdir", ["-p", "/run/sshd"]);
  const daemon: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", path.join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  daemon.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const stop = () => {
    daemon.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      "sshd to listen",
      () => log.includes("Server listening"),
      15_000,
      () => log,
    );
  } catch (error) {
    stop();
    throw error;
  }
  const clientKey = path.join(dir, "client_key");
  return {
    user,
    clientKey,
    log: () => log,
    stop,
    runEcho(host, proxyCommand, { port: sshPort, env }) {
      const ssh = spawn(
        "ssh",
        [
          "-F",
          "/dev/null",
          "-i",
          clientKey,
          "-o",
          "IdentitiesOnly=yes",
          "-o",
          "BatchMode=yes",
          "-o",
          "StrictHostKeyChecking=no",
          "-o",
          "UserKnownHostsFile=/dev/null",
          "-o",
          `ProxyCommand=${proxyCommand}`,
          ...(sshPort === undefined ? [] : ["-p", String(sshPort)]),
          `${user}@${host}`,
          "echo hello-from-sshd",
        ],
        { env, stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      let err = "";
      ssh.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
      ssh.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
      return new Promise((resolve) => ssh.on("exit", (status) => resolve({ out, err, status })));
    },
  };
}
