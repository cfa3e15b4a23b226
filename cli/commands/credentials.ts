// gatehouse credentials --account … --role … [--reason …] [--no-cache]: what credential_process runs.
import type { Command } from "../command";
import { obtainCredentials } from "../credential-source";
import { ROLE_OPTIONS, ROLE_OPTIONS_HELP, roleRequestFrom } from "../role-options";

export const credentials: Command = {
  spec: { name: "credentials", options: ROLE_OPTIONS },
  summary: "print a role's temporary credentials as credential_process JSON",
  usage: `Usage: gatehouse credentials --account ACCOUNT --role ROLE [--reason TEXT] [--no-cache]

Prints temporary AWS credentials for the role as credential_process JSON (Version 1) on standard output. This is
what the profiles gatehouse configure writes run; you rarely call it yourself. Credentials are cached per role
(0600 files under ~/.config/gatehouse) and reused until 5 minutes before they expire, so repeated aws calls do
not reach Gatehouse. Errors go to standard error, never with a secret in them.

Options:
${ROLE_OPTIONS_HELP}
`,
  async run(ctx, args) {
    const result = await obtainCredentials(ctx, roleRequestFrom(credentials.spec, args));
    ctx.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  },
};
