// The shape every command module has: its options, its --help text, and what it does.
import type { CommandSpec, ParsedArgs } from "./args";
import type { CliContext } from "./context";

export interface Command {
  spec: CommandSpec;
  /** One line for `gatehouse --help`. */
  summary: string;
  /** The whole `gatehouse <name> --help`. */
  usage: string;
  /** Resolves with the exit status. */
  run(ctx: CliContext, args: ParsedArgs): Promise<number>;
}
