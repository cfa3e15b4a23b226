import { describe, expect, it } from "vitest";
import { parseArgs, type CommandSpec } from "@/cli/args";
import { runCli } from "@/cli/run";
import { stderrOf, stdoutOf, testContext } from "./cli-test-context";

const SPEC: CommandSpec = { name: "exec", options: { account: "string", role: "string", "no-cache": "boolean" }, rest: true, positionals: 1 };

describe("argument parsing", () => {
  it("reads --name value, --name=value, boolean flags, a positional and everything after --", () => {
    const parsed = parseArgs(SPEC, ["--account", "API Dev", "--role=Developer", "--no-cache", "term", "--", "aws", "--profile", "x", "--"]);
    expect(parsed).toEqual({
      options: { account: "API Dev", role: "Developer", "no-cache": true },
      positionals: ["term"],
      rest: ["aws", "--profile", "x", "--"],
      help: false,
    });
  });

  it("keeps a value that is empty or starts with one dash when given with =", () => {
    expect(parseArgs(SPEC, ["--role=", "--account=-x"]).options).toEqual({ role: "", account: "-x" });
  });

  it("refuses unknown options, missing values, values on flags, extra positionals, and -- where no command is taken", () => {
    expect(() => parseArgs(SPEC, ["--acount", "1"])).toThrow(/unknown option --acount/);
    expect(() => parseArgs(SPEC, ["--account"])).toThrow(/--account needs a value/);
    expect(() => parseArgs(SPEC, ["--account", "--role", "x"])).toThrow(/--account needs a value/);
    expect(() => parseArgs(SPEC, ["--no-cache=yes"])).toThrow(/takes no value/);
    expect(() => parseArgs(SPEC, ["a", "b"])).toThrow(/unexpected argument "b"/);
    expect(() => parseArgs(SPEC, ["-x"])).toThrow(/unknown option -x/);
    expect(() => parseArgs({ name: "ls", options: {} }, ["--", "x"])).toThrow(/takes no command after --/);
    expect(() => parseArgs({ name: "ls", options: {} }, ["__proto__"])).toThrow(/unexpected argument/);
    expect(() => parseArgs({ name: "ls", options: {} }, ["--constructor"])).toThrow(/unknown option --constructor/);
  });

  it("gives every command a --help, and usage mistakes exit 2 with the way to the help", async () => {
    for (const command of ["login", "status", "logout", "ls", "credentials", "configure", "exec", "env", "console"]) {
      const ctx = testContext();
      expect(await runCli(ctx, [command, "--help"])).toBe(0);
      expect(stdoutOf(ctx)).toMatch(new RegExp(`^Usage: gatehouse ${command}`));
    }
    const ctx = testContext();
    expect(await runCli(ctx, ["credentials", "--account", "1"])).toBe(2);
    expect(stderrOf(ctx)).toBe("gatehouse: --role is required\nSee: gatehouse credentials --help\n");
    expect(await runCli(testContext(), ["nonsense"])).toBe(2);
    expect(await runCli(testContext(), ["exec", "--account", "1", "--role", "x"])).toBe(2);
    const overview = testContext();
    expect(await runCli(overview, [])).toBe(0);
    expect(stdoutOf(overview)).toMatch(/credentials +print a role's temporary credentials/);
  });
});
