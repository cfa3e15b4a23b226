// A small argument parser: --name value, --name=value, boolean --flags, positionals, and everything after `--`
// kept as given (for `exec`). Unknown options are errors, so a typo never silently changes what runs.
import { usageError } from "./errors";

export type OptionKind = "string" | "boolean";

export interface CommandSpec {
  name: string;
  options: Record<string, OptionKind>;
  /** How many positional arguments the command takes at most. */
  positionals?: number;
  /** Whether the command takes `-- command args…`. */
  rest?: boolean;
}

export interface ParsedArgs {
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
  rest: string[];
  help: boolean;
}

export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { options: {}, positionals: [], rest: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      if (!spec.rest) throw usageError(`gatehouse ${spec.name} takes no command after --`, spec.name);
      parsed.rest = argv.slice(i + 1);
      break;
    }
    if (arg === "-h" || arg === "--help") {
      parsed.help = true;
      continue;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const kind = Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
      if (!kind) throw usageError(`unknown option --${name} for gatehouse ${spec.name}`, spec.name);
      if (kind === "boolean") {
        if (eq >= 0) throw usageError(`--${name} takes no value`, spec.name);
        parsed.options[name] = true;
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith("--"))) throw usageError(`--${name} needs a value`, spec.name);
      parsed.options[name] = value;
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") throw usageError(`unknown option ${arg} for gatehouse ${spec.name}`, spec.name);
    if (parsed.positionals.length >= (spec.positionals ?? 0)) throw usageError(`unexpected argument ${JSON.stringify(arg)}`, spec.name);
    parsed.positionals.push(arg);
  }
  return parsed;
}

/** A string option that must be there and not empty. */
export function requireOption(spec: CommandSpec, args: ParsedArgs, name: string): string {
  const value = args.options[name];
  if (typeof value !== "string" || value.trim() === "") throw usageError(`--${name} is required`, spec.name);
  return value.trim();
}

export const stringOption = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.options[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};
