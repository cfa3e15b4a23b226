// GET /api/v1/roles[?q=] - the account roles the token's person may ask credentials for (decide()'s console:open rules)
import { z } from "zod";
import { listCliRoles } from "@/lib/cli/cli-queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({
  accept: ["cli-token"],
  input: { from: "query", schema: z.object({ q: z.string().max(100, { error: "expected at most 100 characters" }).optional() }) },
  handle: listCliRoles,
});
