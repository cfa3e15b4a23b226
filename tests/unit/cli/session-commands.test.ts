import { describe, expect, it } from "vitest";
import { parseArgs } from "@/cli/args";
import { sshConfigBlock, sshConfig } from "@/cli/commands/ssh-config";
import { forward } from "@/cli/commands/forward";
import { proxy } from "@/cli/commands/proxy";
import { shell } from "@/cli/commands/shell";
import { parsePort } from "@/cli/port-options";
import { runCli } from "@/cli/run";
import { testContext } from "./cli-test-context";

// The session commands' own checks, before any network: usage errors, port numbers, the ~/.ssh/config block.

describe("session commands", () => {
  it("prints the ssh config block with both paths quoted for /bin/sh", () => {
    expect(sshConfigBlock({ node: "/usr/bin/node", script: "/home/ada/.local/bin/gatehouse.mjs" })).toBe(
      '# Gatehouse: ssh, scp and git to instances through Session Manager (gatehouse proxy)\nHost i-* mi-*\n    ProxyCommand "/usr/bin/node" "/home/ada/.local/bin/gatehouse.mjs" proxy %h %p\n',
    );
    expect(sshConfigBlock({ node: '/opt/my "node"/bin/node', script: "/tmp/$HOME/`x`\\g.mjs" }, "i-* bastion")).toContain(
      'Host i-* bastion\n    ProxyCommand "/opt/my \\"node\\"/bin/node" "/tmp/\\$HOME/\\`x\\`\\\\g.mjs" proxy %h %p',
    );
    expect(parseArgs(sshConfig.spec, ["--hosts", "i-*"]).options.hosts).toBe("i-*");
  });

  it("checks ports before anything else", () => {
    expect(parsePort("5432", "--remote-port", "forward")).toBe(5432);
    expect(parsePort(undefined, "--local-port", "forward")).toBeUndefined();
    for (const bad of ["0", "65536", "-1", "54x", "", "1e3", " 22"])
      expect(() => parsePort(bad, "--remote-port", "forward")).toThrow(/--remote-port must be a port number from 1 to 65535/);
  });

  it("usage errors name what is missing, exit 2, and reach no server", async () => {
    for (const [argv, message] of [
      [["shell"], /name the instance/],
      [["forward", "i-0b000000000000001"], /--remote-port is required/],
      [["forward", "i-0b000000000000001", "--remote-port", "99999"], /--remote-port must be a port number/],
      [["proxy", "i-0b000000000000001"], /give the instance and the port/],
      [["proxy", "i-0b000000000000001", "ssh"], /PORT must be a port number/],
    ] as const) {
      const ctx = testContext();
      expect(await runCli(ctx, [...argv])).toBe(2);
      expect(ctx.err.join("")).toMatch(message);
      expect(ctx.calls).toHaveLength(0);
    }
    expect([shell, forward, proxy].map((command) => command.spec.name)).toEqual(["shell", "forward", "proxy"]);
  });
});
