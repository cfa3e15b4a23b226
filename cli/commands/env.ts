// gatehouse env --account … --role …: export lines for eval.
import type { Command } from "../command";
import { obtainCredentials } from "../credential-source";
import { credentialVariables, shellQuote, UNSET_VARIABLES } from "../environment";
import { ROLE_OPTIONS, ROLE_OPTIONS_HELP, roleRequestFrom } from "../role-options";

export const env: Command = {
  spec: { name: "env", options: ROLE_OPTIONS },
  summary: "print export lines with a role's temporary credentials",
  usage: `Usage: gatehouse env --account ACCOUNT --role ROLE [--reason TEXT] [--no-cache]

Prints shell lines that put the role's temporary credentials into the environment, for example:
  eval "$(gatehouse env --account "API Dev" --role Developer)"
They set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION and
AWS_ACCOUNT_ID, and unset AWS_PROFILE and AWS_DEFAULT_PROFILE. The credentials last about an hour and are not
renewed; for long runs use a profile from gatehouse configure, which the AWS tools refresh by themselves.

Options:
${ROLE_OPTIONS_HELP}
`,
  async run(ctx, args) {
    const result = await obtainCredentials(ctx, roleRequestFrom(env.spec, args));
    const lines = Object.entries(credentialVariables(result)).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
    lines.push(`unset ${UNSET_VARIABLES.join(" ")}`);
    ctx.stdout(`${lines.join("\n")}\n`);
    return 0;
  },
};
