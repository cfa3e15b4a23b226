// GET /api/org/search?q=<text> - accounts and OUs whose name or id contains the text, with their ancestors
import { z } from "zod";
import { route } from "@/lib/http/route";
import { searchOrganization } from "@/lib/org/org-service";

export const dynamic = "force-dynamic";

export const GET = route({
  input: { from: "query", schema: z.object({ q: z.string().max(200, { error: "search for at most 200 characters" }).default("") }) },
  handle: searchOrganization,
});
