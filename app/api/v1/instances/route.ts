// GET /api/v1/instances[?q=] - the managed instances the token's person may reach, as /api/instances answers
import { z } from "zod";
import { listCliInstances } from "@/lib/cli/cli-queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({
  accept: ["cli-token"],
  input: { from: "query", schema: z.object({ q: z.string().max(100, { error: "expected at most 100 characters" }).optional() }) },
  handle: listCliInstances,
});
