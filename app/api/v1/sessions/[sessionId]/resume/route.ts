// POST /api/v1/sessions/<sessionId>/resume - a fresh stream token for the token's person's own dropped session
// (ResumeSession), the browser's resumeShell → { sessionId, streamUrl, tokenValue }
import { z } from "zod";
import { route } from "@/lib/http/route";
import { resumeShell } from "@/lib/instances/session-control";

export const dynamic = "force-dynamic";

export const POST = route({
  accept: ["cli-token"],
  input: { from: "json", schema: z.object({ sessionId: z.string().max(200, { error: "expected a session id" }) }) },
  issues: "shell.resume",
  handle: resumeShell,
});
