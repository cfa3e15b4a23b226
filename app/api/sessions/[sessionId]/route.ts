// DELETE /api/sessions/<sessionId> - terminate a shell session (its owner, or an administrator); audited
import { z } from "zod";
import { route } from "@/lib/http/route";
import { terminateShell } from "@/lib/instances/session-control";

export const dynamic = "force-dynamic";

export const DELETE = route({
  input: { from: "query", schema: z.object({ sessionId: z.string().max(200, { error: "expected a session id" }) }) },
  handle: terminateShell,
});
