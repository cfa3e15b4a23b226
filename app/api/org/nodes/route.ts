// GET /api/org/nodes?parent=<id>[&offset=<n>] - one page of a node's children in the stored tree, the caller's roles marked
import { z } from "zod";
import { route } from "@/lib/http/route";
import { ORG_NODE_ID, ORG_NODE_ID_ERROR } from "@/lib/org/node-address";
import { listOrgChildren } from "@/lib/org/org-service";

export const dynamic = "force-dynamic";

export const GET = route({
  input: {
    from: "query",
    schema: z.object({
      parent: z.string().regex(ORG_NODE_ID, { error: ORG_NODE_ID_ERROR }),
      offset: z.coerce.number({ error: "expected a whole number from 0" }).int({ error: "expected a whole number from 0" }).min(0).max(100_000).default(0),
    }),
  },
  handle: listOrgChildren,
});
