// gatehouse iam-template [--kind custodian|targets|management] [--output FILE]
import { resolve } from "node:path";
import { call, refusal } from "../api";
import type { Command } from "../command";
import { CliError, usageError } from "../errors";
import { writeFileAtomic } from "../private-files";
import { requireSession } from "../session-store";

const KINDS = ["custodian", "targets", "management"] as const;

export const iamTemplate: Command = {
  spec: { name: "iam-template", options: { kind: "string", output: "string" } },
  summary: "print a CloudFormation template for the roles the profiles need (administrators)",
  usage: `Usage: gatehouse iam-template [--kind custodian|targets|management] [--output FILE]

Prints a CloudFormation template (JSON) generated from Gatehouse's access profiles:
  custodian   the Custodian roles, one stack in the identity account (the default)
  targets     service-managed StackSets that deploy each target role to the OUs the profiles name
  management  the target roles as a plain stack for the management account (StackSets never deploy there)
--output FILE writes it to FILE instead. Gatehouse administrators only.
`,
  async run(ctx, args) {
    const kind = (args.options.kind as string | undefined) ?? "custodian";
    if (!(KINDS as readonly string[]).includes(kind)) throw usageError(`--kind ${JSON.stringify(kind)} is not one of ${KINDS.join(", ")}`, "iam-template");
    const session = requireSession(ctx);
    const answer = await call(ctx, session.url, "GET", `/api/v1/admin/iam-template?${new URLSearchParams({ kind })}`, { token: session.token });
    if (answer.status === 403) {
      throw new CliError(`${refusal(session.url, answer).message}\nThe templates are for Gatehouse administrators (a profile with admin: true).`);
    }
    if (answer.status !== 200) throw refusal(session.url, answer);
    if (answer.body === null || typeof answer.body !== "object")
      throw new CliError(`Gatehouse at ${session.url} answered with something other than a template`);
    const text = `${JSON.stringify(answer.body, null, 2)}\n`;
    const output = args.options.output as string | undefined;
    if (!output) {
      ctx.stdout(text);
      return 0;
    }
    const file = resolve(output);
    writeFileAtomic(file, text, 0o644);
    ctx.stderr(`gatehouse: wrote the ${kind} template to ${file}\n`);
    return 0;
  },
};
