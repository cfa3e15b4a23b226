// POST /api/shell - start a Session Manager shell on an instance (audited): JSON { accountId, region, instanceId, reason? }
// → { sessionId, streamUrl, tokenValue }
import { NextResponse } from "next/server";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";
import { shellTargetSchema } from "@/lib/instances/instance-access";
import { openShell } from "@/lib/instances/open-shell";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: shellTargetSchema },
  issues: "shell.open",
  handle: openShell,
  respond: (stream) => NextResponse.json(stream, { status: 201, headers: NO_STORE }),
});
