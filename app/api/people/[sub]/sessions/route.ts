// DELETE /api/people/<sub>/sessions - an administrator ends every sign-in session of one person; audited
import { z } from "zod";
import { route } from "@/lib/http/route";
import { endSessionsOf } from "@/lib/people/people-service";

export const dynamic = "force-dynamic";

export const DELETE = route({
  input: { from: "query", schema: z.object({ sub: z.string().regex(/^[\w.@:-]{1,255}$/, { error: "expected a person's id" }) }) },
  handle: endSessionsOf,
});
