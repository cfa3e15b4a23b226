// GET /api/org/nodes/<id>/tags - one node's tags, read from AWS on first view and kept for 15 minutes (lib/org/node-tags.ts)
import { z } from "zod";
import { route } from "@/lib/http/route";
import { ORG_NODE_ID, ORG_NODE_ID_ERROR } from "@/lib/org/node-address";
import { readOrgNodeTags } from "@/lib/org/org-service";

export const dynamic = "force-dynamic";

export const GET = route({
  input: { from: "query", schema: z.object({ id: z.string().regex(ORG_NODE_ID, { error: ORG_NODE_ID_ERROR }) }) },
  handle: readOrgNodeTags,
});
