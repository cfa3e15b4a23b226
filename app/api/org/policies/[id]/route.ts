// GET /api/org/policies/<id> - one service control policy of the organization, with its JSON document
import { z } from "zod";
import { route } from "@/lib/http/route";
import { readOrgPolicy } from "@/lib/org/org-service";

export const dynamic = "force-dynamic";

export const GET = route({
  input: {
    from: "query",
    schema: z.object({ id: z.string().regex(/^p-[0-9a-zA-Z_]{1,128}$/, { error: "a policy id looks like p-… (letters, digits and underscores)" }) }),
  },
  handle: readOrgPolicy,
});
