// gatehouse status
import type { CliMe } from "@/lib/cli/cli-api";
import { callJson } from "../api";
import type { Command } from "../command";
import { until } from "../format";
import { requireSession } from "../session-store";

export const status: Command = {
  spec: { name: "status", options: {} },
  summary: "who this terminal is signed in as, and until when",
  usage: `Usage: gatehouse status

Asks Gatehouse who this terminal is signed in as and until when. Fails with "not signed in" when there is no
sign-in, or when it has ended or been revoked.
`,
  async run(ctx) {
    const session = requireSession(ctx);
    const { body: me } = await callJson<Partial<CliMe>>(ctx, session.url, "GET", "/api/v1/me", { token: session.token });
    const lines = [
      `Signed in to ${session.url} as ${me.name ?? session.name} <${me.email ?? session.email}>`,
      `  ${until(me.expiresAt ?? session.expiresAt, ctx.now())}`,
      `  device: ${me.deviceName ?? session.deviceName}`,
    ];
    if (me.groups?.length) lines.push(`  groups: ${me.groups.join(", ")}`);
    ctx.stdout(`${lines.join("\n")}\n`);
    return 0;
  },
};
