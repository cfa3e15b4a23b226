// POST /api/v1/shell - a Session Manager shell for the token's person: JSON { instance: <id or Name tag>, accountId?,
// region?, reason? } → 201 { sessionId, streamUrl, tokenValue, instanceId, name, accountId, accountName, region, roleName }
import { NextResponse } from "next/server";
import { cliShellInputSchema, openCliShell } from "@/lib/cli/cli-sessions";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  accept: ["cli-token"],
  input: { from: "json", schema: cliShellInputSchema },
  issues: "shell.open",
  handle: openCliShell,
  respond: (stream) => NextResponse.json(stream, { status: 201, headers: NO_STORE }),
});
