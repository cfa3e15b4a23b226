// gatehouse ls [term] [--instances] [--json]
import type { InstanceListing } from "@/lib/instances/listing-types";
import { callJson } from "../api";
import type { Command } from "../command";
import { table } from "../format";
import { listRoles } from "../roles";
import { requireSession } from "../session-store";

export const ls: Command = {
  spec: { name: "ls", options: { instances: "boolean", json: "boolean" }, positionals: 1 },
  summary: "list the accounts and roles (or instances) you may use",
  usage: `Usage: gatehouse ls [TERM] [--instances] [--json]

Lists the account roles your access profiles let you use, with the AWS profile name gatehouse configure gives
each. TERM filters by account name or id, or role name. --instances lists the instances you may open a shell on
instead; --json prints Gatehouse's answer as it came.
`,
  async run(ctx, args) {
    const session = requireSession(ctx);
    const term = args.positionals[0];
    if (args.options.instances) {
      const query = term ? `?${new URLSearchParams({ q: term })}` : "";
      const { body } = await callJson<InstanceListing>(ctx, session.url, "GET", `/api/v1/instances${query}`, { token: session.token });
      if (args.options.json) {
        ctx.stdout(`${JSON.stringify(body, null, 2)}\n`);
        return 0;
      }
      const rows = (body.instances ?? []).map((i) => [
        i.instanceId,
        i.name ?? "(no Name tag)",
        `${i.accountName} (${i.accountId})`,
        i.region,
        i.pingStatus,
        i.roleName,
      ]);
      ctx.stdout(
        rows.length
          ? table(["INSTANCE", "NAME", "ACCOUNT", "REGION", "STATUS", "ROLE"], rows)
          : "No instances are open to you" + (term ? ` matching ${JSON.stringify(term)}` : "") + ".\n",
      );
      for (const problem of body.problems ?? []) ctx.stderr(`gatehouse: ${problem.accountName} (${problem.accountId}) ${problem.region}: ${problem.message}\n`);
      return 0;
    }
    const roles = await listRoles(ctx, session, term);
    if (args.options.json) {
      ctx.stdout(`${JSON.stringify({ roles }, null, 2)}\n`);
      return 0;
    }
    const rows = roles.map((r) => [r.accountName, r.accountId, r.roleName, r.profileName, r.requireReason ? "reason required" : ""]);
    ctx.stdout(
      rows.length
        ? table(["ACCOUNT", "ID", "ROLE", "AWS PROFILE", ""], rows)
        : "No roles are open to you" + (term ? ` matching ${JSON.stringify(term)}` : "") + ".\n",
    );
    return 0;
  },
};
