import "server-only";
import { z } from "zod";
import { accountIdSchema, emailSchema, ouIdSchema, roleNameSchema } from "@/lib/access/ids";

// The matrix's filters, as the page's form and the API's query string send them; an empty field means "any".

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const accessFiltersSchema = z.strictObject(
  {
    person: optional(emailSchema),
    group: optional(emailSchema),
    ou: optional(ouIdSchema),
    account: optional(accountIdSchema),
    role: optional(roleNameSchema),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown filter ${issue.keys.join(", ")}; use person, group, ou, account or role` : undefined) },
);

export type AccessFilters = z.output<typeof accessFiltersSchema>;

export const exportQuerySchema = accessFiltersSchema.extend({ format: z.enum(["csv", "json"], { error: "expected format csv or json" }).default("csv") });
