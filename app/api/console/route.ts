// POST /api/console - open the AWS console as a role: JSON { accountId, roleName, destination?, reason? } → { url, expiresAt, … }
import { afterResponse } from "@/lib/http/after-response";
import type { OpenConsoleResult } from "@/lib/console/console-api";
import { openConsole } from "@/lib/console/open-console";
import { openConsoleInputSchema } from "@/lib/console/open-console-input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: openConsoleInputSchema },
  issues: "console.open",
  async handle({ actor, input }): Promise<OpenConsoleResult> {
    const opened = await openConsole({ actor, input, defer: afterResponse });
    return { url: opened.url, expiresAt: opened.expiresAt.toISOString(), roleArn: opened.roleArn, sessionName: opened.sessionName, chained: opened.chained };
  },
});
