// Dispatch: `gatehouse <command> [options]`, help, version, and the one place failures become exit statuses.
// A CliError's message goes to stderr as it is (it says what to do); anything else is a bug, reported without
// its details (they could hold a secret) and with where to report it.
import { parseArgs } from "./args";
import type { Command } from "./command";
import type { CliContext } from "./context";
import { CliError, EXIT, usageError } from "./errors";
import { VERSION } from "./version";
import { configure } from "./commands/configure";
import { consoleCommand } from "./commands/console";
import { credentials } from "./commands/credentials";
import { env } from "./commands/env";
import { exec } from "./commands/exec";
import { login } from "./commands/login";
import { logout } from "./commands/logout";
import { iamTemplate } from "./commands/iam-template";
import { ls } from "./commands/ls";
import { forward } from "./commands/forward";
import { policy } from "./commands/policy";
import { proxy } from "./commands/proxy";
import { shell } from "./commands/shell";
import { sshConfig } from "./commands/ssh-config";
import { status } from "./commands/status";

export const COMMANDS: Record<string, Command> = {
  login,
  status,
  logout,
  ls,
  credentials,
  configure,
  exec,
  env,
  console: consoleCommand,
  shell,
  forward,
  proxy,
  "ssh-config": sshConfig,
  policy,
  "iam-template": iamTemplate,
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: gatehouse <command> [options]

Gatehouse on the command line: sign in through the browser, then AWS credentials for the AWS CLI, SDKs and tools.

Commands:
${lines.join("\n")}

First use:
  gatehouse login --url https://gatehouse.example.com
  gatehouse configure
  aws sts get-caller-identity --profile gh-<account>-<role>

gatehouse <command> --help tells more. Version ${VERSION}.
`;
}

export async function runCli(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? rest[0] : undefined;
      const command = topic ? COMMANDS[topic] : undefined;
      if (topic && !command) throw usageError(`unknown command ${JSON.stringify(topic)}`);
      ctx.stdout(command ? command.usage : overview());
      return EXIT.ok;
    }
    if (name === "--version" || name === "-v") {
      ctx.stdout(`gatehouse ${VERSION}\n`);
      return EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw usageError(`unknown command ${JSON.stringify(name)}`);
    const args = parseArgs(command.spec, rest);
    if (args.help) {
      ctx.stdout(command.usage);
      return EXIT.ok;
    }
    return await command.run(ctx, args);
  } catch (error) {
    if (error instanceof CliError) {
      ctx.stderr(`gatehouse: ${error.message}\n`);
      return error.exitCode;
    }
    const code = (error as NodeJS.ErrnoException)?.code;
    ctx.stderr(
      `gatehouse: unexpected failure${code ? ` (${code})` : ""}: ${error instanceof Error ? error.name : typeof error}. Run it again; if it keeps failing, report it to your Gatehouse administrators\n`,
    );
    return EXIT.failed;
  }
}
