// gatehouse exec --account … --role … -- COMMAND [ARGS…]: run a command with the role's credentials in its
// environment; its exit status is ours (128 + the signal's number when a signal ended it, as shells report it).
import { constants } from "node:os";
import type { Command } from "../command";
import { obtainCredentials } from "../credential-source";
import { credentialVariables, UNSET_VARIABLES } from "../environment";
import { CliError, usageError } from "../errors";
import { ROLE_OPTIONS, ROLE_OPTIONS_HELP, roleRequestFrom } from "../role-options";

const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export const exec: Command = {
  spec: { name: "exec", options: ROLE_OPTIONS, rest: true },
  summary: "run a command with a role's temporary credentials in its environment",
  usage: `Usage: gatehouse exec --account ACCOUNT --role ROLE [--reason TEXT] [--no-cache] -- COMMAND [ARGS…]

Runs COMMAND with the role's temporary credentials in its environment (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_ACCOUNT_ID; AWS_PROFILE and
AWS_DEFAULT_PROFILE removed), and exits with its exit status. For example:
  gatehouse exec --account "API Dev" --role Developer -- terraform plan
The credentials last about an hour and are not renewed while the command runs; for longer runs use a profile
from gatehouse configure, which the AWS tools refresh by themselves.

Options:
${ROLE_OPTIONS_HELP}
`,
  async run(ctx, args) {
    const [command, ...commandArgs] = args.rest;
    if (!command)
      throw usageError("give the command to run after --, e.g. gatehouse exec --account 444444444444 --role Developer -- aws sts get-caller-identity", "exec");
    const result = await obtainCredentials(ctx, roleRequestFrom(exec.spec, args));
    const env: Record<string, string | undefined> = { ...ctx.env, ...credentialVariables(result) };
    for (const name of UNSET_VARIABLES) delete env[name];
    const { spawn } = await import("node:child_process");
    return new Promise<number>((resolve, reject) => {
      const child = spawn(command, commandArgs, { stdio: "inherit", env: env as NodeJS.ProcessEnv });
      const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
      const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
      for (const [signal, handler] of handlers) process.on(signal, handler);
      const done = () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
      child.once("error", (error: NodeJS.ErrnoException) => {
        done();
        reject(
          new CliError(
            error.code === "ENOENT" ? `${command}: command not found` : `could not run ${command} (${error.code ?? error.message})`,
            error.code === "ENOENT" ? 127 : 126,
          ),
        );
      });
      child.once("exit", (code, signal) => {
        done();
        resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
      });
    });
  },
};
