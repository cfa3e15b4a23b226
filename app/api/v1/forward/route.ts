// POST /api/v1/forward - a port-forwarding or SSH session for the token's person: JSON { instance: <id or Name tag>,
// accountId?, region?, reason?, document: AWS-StartPortForwardingSession | AWS-StartPortForwardingSessionToRemoteHost
// | AWS-StartSSHSession, parameters: { portNumber, localPortNumber?, host? } } → 201 { sessionId, streamUrl,
// tokenValue, document, parameters, instanceId, name, accountId, accountName, region, roleName }
import { NextResponse } from "next/server";
import { cliForwardInputSchema, openCliForward } from "@/lib/cli/cli-sessions";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  accept: ["cli-token"],
  input: { from: "json", schema: cliForwardInputSchema },
  issues: "forward.open",
  handle: openCliForward,
  respond: (stream) => NextResponse.json(stream, { status: 201, headers: NO_STORE }),
});
