// GET /api/sessions[?scope=mine] - the caller's shell sessions (everyone's for administrators) with live Session Manager status
import { z } from "zod";
import { route } from "@/lib/http/route";
import { listShellSessions } from "@/lib/instances/list-sessions";

export const dynamic = "force-dynamic";

export const GET = route({
  input: { from: "query", schema: z.object({ scope: z.enum(["mine", "everyone"], { error: "expected mine or everyone" }).default("everyone") }) },
  handle: ({ actor, input }) => listShellSessions({ actor, everyone: input.scope !== "mine" }),
});
