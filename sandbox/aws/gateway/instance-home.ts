// The throwaway "machine" behind a sandbox instance: a directory per instance id under the sandbox root
// (it is the shell's cwd and HOME), seeded with a README, and a minimal environment for the shell.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface InstanceIdentity {
  target: string;
  accountId: string;
  region: string;
}

export function prepareInstanceHome(rootDir: string, instance: InstanceIdentity): string {
  const home = path.join(rootDir, "instances", instance.target.replace(/[^\w.-]/g, "_"));
  mkdirSync(home, { recursive: true });
  const readme = path.join(home, "README.txt");
  if (!existsSync(readme)) {
    writeFileSync(
      readme,
      [
        `This is Gatehouse sandbox instance ${instance.target}`,
        `(account ${instance.accountId}, region ${instance.region}).`,
        "",
        "It is not a real EC2 instance: the sandbox message gateway runs a local shell in this",
        "throwaway directory. Anything you create here may be deleted at any time.",
        "",
      ].join("\n"),
    );
  }
  return home;
}

export function shellEnvironment(home: string, instance: InstanceIdentity): Record<string, string> {
  return {
    HOME: home,
    PWD: home,
    TERM: "xterm-256color",
    PS1: `${instance.target}$ `,
    PATH: "/usr/local/bin:/usr/bin:/bin",
    LANG: "C.UTF-8",
    USER: "ssm-user",
    LOGNAME: "ssm-user",
    HISTFILE: path.join(home, ".bash_history"),
  };
}

/** bash without profiles if present, else a POSIX sh. */
export function shellCommand(): string[] {
  return existsSync("/bin/bash") ? ["/bin/bash", "--noprofile", "--norc", "-i"] : ["/bin/sh", "-i"];
}
