// POST /api/shell/<sessionId>/resume - a fresh stream token for the caller's own dropped session (ResumeSession)
import { z } from "zod";
import { route } from "@/lib/http/route";
import { resumeShell } from "@/lib/instances/session-control";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: z.object({ sessionId: z.string().max(200, { error: "expected a session id" }) }) },
  issues: "shell.resume",
  handle: resumeShell,
});
