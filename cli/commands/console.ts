// gatehouse console --account … --role … [--region …] [--service …]: the AWS console as the role, opened in the
// browser through Gatehouse's own console route, which decides and audits it there (the browser's Gatehouse
// sign-in is the one that counts; nothing secret passes through this program).
import { requireOption, stringOption } from "../args";
import type { Command } from "../command";
import { CliError, usageError } from "../errors";
import { chooseUrl } from "../gatehouse-url";
import { listRoles } from "../roles";
import { requireSession } from "../session-store";
import type { CliContext } from "../context";

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const SERVICE = /^[a-z0-9-]+$/;

async function accountIdFor(ctx: CliContext, account: string, role: string): Promise<string> {
  if (ACCOUNT_ID.test(account)) return account;
  const wanted = account.toLowerCase();
  const matches = (await listRoles(ctx, requireSession(ctx))).filter((r) => r.accountName.toLowerCase() === wanted && r.roleName === role);
  if (matches.length === 0) throw new CliError(`no account named ${JSON.stringify(account)} with role ${role} is open to you: see gatehouse ls`);
  return matches[0]!.accountId;
}

export const consoleCommand: Command = {
  spec: { name: "console", options: { account: "string", role: "string", region: "string", service: "string", url: "string" } },
  summary: "open the AWS console as a role in the browser",
  usage: `Usage: gatehouse console --account ACCOUNT --role ROLE [--region REGION] [--service SERVICE]

Opens the AWS console in your browser as the role, through Gatehouse (which checks your access and records it,
as the Open console button does). The address is printed too.

Options:
  --account ACCOUNT    the account's 12-digit id or its name
  --role ROLE          the role's name in that account
  --region REGION      open the console in this region, e.g. eu-west-1
  --service SERVICE    open this service's page: ec2, s3, cloudwatch, lambda, systems-manager, … (default: home)
  --url URL            Gatehouse's address (default: the one you signed in to)
`,
  async run(ctx, args) {
    const spec = consoleCommand.spec;
    const role = requireOption(spec, args, "role");
    const region = stringOption(args, "region");
    const service = stringOption(args, "service");
    if (region && !REGION.test(region)) throw usageError(`--region ${JSON.stringify(region)} is not an AWS region like us-east-1`, "console");
    if (service && !SERVICE.test(service)) throw usageError(`--service ${JSON.stringify(service)} is not a service name like ec2`, "console");
    const url = chooseUrl(ctx, stringOption(args, "url"), "console");
    const accountId = await accountIdFor(ctx, requireOption(spec, args, "account"), role);
    const query = new URLSearchParams({ accountId, roleName: role });
    if (region || service) query.set("destination", region ? `${service ?? "home"}:${region}` : service!);
    const consoleUrl = `${url}/api/console/open?${query}`;
    const opened = await ctx.openBrowser(consoleUrl);
    ctx.stdout(`${opened ? "Opening" : "Open"} the AWS console as ${role} in ${accountId}:\n${consoleUrl}\n`);
    return 0;
  },
};
