// gatehouse ssh-config: the ~/.ssh/config block that sends ssh to instances through `gatehouse proxy`.
import type { Command } from "../command";

/** A path as ssh's ProxyCommand reads it (run by /bin/sh): in double quotes, with ", \, $ and ` escaped. */
const shellQuote = (value: string) => `"${value.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;

export function sshConfigBlock(program: { node: string; script: string }, hosts = "i-* mi-*"): string {
  return `# Gatehouse: ssh, scp and git to instances through Session Manager (gatehouse proxy)
Host ${hosts}
    ProxyCommand ${shellQuote(program.node)} ${shellQuote(program.script)} proxy %h %p
`;
}

export const sshConfig: Command = {
  spec: { name: "ssh-config", options: { hosts: "string" }, positionals: 0 },
  summary: "print the ~/.ssh/config block for ssh through Session Manager",
  usage: `Usage: gatehouse ssh-config [--hosts PATTERNS]

Prints a Host block for ~/.ssh/config whose ProxyCommand is gatehouse proxy (with the absolute paths of Node and
of this program), so ssh ec2-user@i-0123456789abcdef0 goes through Session Manager:

  gatehouse ssh-config >> ~/.ssh/config

--hosts sets the Host patterns (default "i-* mi-*"; add Name tags you ssh to by name, e.g. "i-* mi-* bastion").
`,
  run(ctx, args) {
    const hosts = typeof args.options.hosts === "string" && args.options.hosts.trim() ? args.options.hosts.trim() : undefined;
    ctx.stdout(sshConfigBlock(ctx.program, hosts));
    return Promise.resolve(0);
  },
};
