// GET /api/console/options?accountId=&roleName= - what the Open console button's options panel shows for one permitted role
import { z } from "zod";
import { accountIdSchema, roleNameSchema } from "@/lib/access/ids";
import { describeConsoleRole } from "@/lib/console/console-roles";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({
  input: { from: "query", schema: z.object({ accountId: accountIdSchema, roleName: roleNameSchema }) },
  handle: describeConsoleRole,
});
