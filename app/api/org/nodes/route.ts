// GET /api/org/nodes?parent=<id>[&offset=<n>] - one page of a node's children in the stored tree, the caller's roles marked
import { z } from "zod";
import { route } from "@/lib/http/route";
import { listOrgChildren } from "@/lib/org/org-service";

export const dynamic = "force-dynamic";

const NODE_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|\d{12})$/;

export const GET = route({
  input: {
    from: "query",
    schema: z.object({
      parent: z.string().regex(NODE_ID, { error: "expected the id of a root (r-…), OU (ou-…-…) or account (12 digits)" }),
      offset: z.coerce.number({ error: "expected a whole number from 0" }).int({ error: "expected a whole number from 0" }).min(0).max(100_000).default(0),
    }),
  },
  handle: listOrgChildren,
});
