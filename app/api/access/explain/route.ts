// GET /api/access/explain?kind=console|shell|forward&accountId=&roleName=|instanceId=&region=[&document=&host=&port=][&person=]
// Why (not): Gatehouse's rules and AWS's side (the role chain, the role's policies, the SCPs). Anyone about
// themselves; administrators about anyone (person=). Audited as access.explain.
import { explainAccess } from "@/lib/access-explain/explain-access";
import { explainInputSchema } from "@/lib/access-explain/explain-input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ input: { from: "query", schema: explainInputSchema }, handle: explainAccess });
