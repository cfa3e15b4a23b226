// DELETE /api/v1/sessions/<sessionId> - end a session the token's person started (TerminateSession); audited
import { z } from "zod";
import { route } from "@/lib/http/route";
import { terminateShell } from "@/lib/instances/session-control";

export const dynamic = "force-dynamic";

export const DELETE = route({
  accept: ["cli-token"],
  input: { from: "query", schema: z.object({ sessionId: z.string().max(200, { error: "expected a session id" }) }) },
  handle: terminateShell,
});
