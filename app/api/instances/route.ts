// GET /api/instances[?refresh=all|<account id>:<region>] - the managed instances the signed-in person may reach,
// with per-account/region problems
import { z } from "zod";
import { route } from "@/lib/http/route";
import { listPermittedInstances } from "@/lib/instances/list-instances";

export const dynamic = "force-dynamic";

// ?refresh=all skips the short cache everywhere; ?refresh=<account id>:<region> only there (a Retry button).
const refreshSchema = z
  .string()
  .regex(/^(all|\d{12}:[a-z]{2}(?:-[a-z]+)+-\d{1,2})$/, { error: "expected all or <account id>:<region>" })
  .optional()
  .transform((value) => {
    if (!value) return undefined;
    if (value === "all") return "all" as const;
    const [accountId, region] = value.split(":") as [string, string];
    return { accountId, region };
  });

export const GET = route({
  input: { from: "query", schema: z.object({ refresh: refreshSchema }) },
  handle: ({ actor, input }) => listPermittedInstances({ actor, refresh: input.refresh }),
});
