// --account, --role, --reason and --no-cache, shared by credentials, exec and env.
import { requireOption, stringOption, type CommandSpec, type OptionKind, type ParsedArgs } from "./args";
import type { RoleRequest } from "./credential-source";

export const ROLE_OPTIONS: Record<string, OptionKind> = { account: "string", role: "string", reason: "string", "no-cache": "boolean" };

export const ROLE_OPTIONS_HELP = `  --account ACCOUNT    the account's 12-digit id or its name, e.g. 444444444444 or "API Dev"
  --role ROLE          the role's name in that account, e.g. Developer
  --reason TEXT        why you need it (recorded in the audit log; some profiles require one)
  --no-cache           ask Gatehouse even if the cache has good credentials (the new ones replace them)`;

export function roleRequestFrom(spec: CommandSpec, args: ParsedArgs): RoleRequest {
  const reason = stringOption(args, "reason");
  return {
    account: requireOption(spec, args, "account"),
    role: requireOption(spec, args, "role"),
    ...(reason ? { reason } : {}),
    noCache: args.options["no-cache"] === true,
  };
}
