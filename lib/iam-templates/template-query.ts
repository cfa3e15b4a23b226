import { z } from "zod";
import { TEMPLATE_KINDS } from "./documents";

/** ?kind=custodian|targets|management (default custodian). */
export const templateQuerySchema = z.object({
  kind: z.enum(TEMPLATE_KINDS, { error: `expected kind to be one of ${TEMPLATE_KINDS.join(", ")}` }).default("custodian"),
});
