// POST /api/forward - start a port-forwarding or SSH session on an instance (audited): JSON { accountId, region,
// instanceId, document: AWS-StartPortForwardingSession | AWS-StartPortForwardingSessionToRemoteHost |
// AWS-StartSSHSession, parameters: { portNumber, localPortNumber?, host? }, reason? }
// → { sessionId, streamUrl, tokenValue, document, parameters }
import { NextResponse } from "next/server";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";
import { forwardTargetSchema } from "@/lib/instances/instance-access";
import { openForward } from "@/lib/instances/open-forward";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: forwardTargetSchema },
  issues: "forward.open",
  handle: openForward,
  respond: (stream) => NextResponse.json(stream, { status: 201, headers: NO_STORE }),
});
