// GET /api/v1/admin/iam-template?kind=custodian|targets|management - the same templates for `gatehouse iam-template` (administrators only)
import { getIamTemplate } from "@/lib/iam-templates/template-service";
import { templateQuerySchema } from "@/lib/iam-templates/template-query";
import { templateResponse } from "@/lib/iam-templates/template-response";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ accept: ["cli-token"], input: { from: "query", schema: templateQuerySchema }, handle: getIamTemplate, respond: templateResponse });
