import { z } from "zod";
import { FORWARD_DOCUMENTS } from "@/lib/access/forward-match";
import { accountIdSchema, emailSchema, instanceIdSchema, portNumberSchema, regionSchema, remoteHostSchema, roleNameSchema } from "@/lib/access/ids";

// "Why, and why not": the request to explain, from the page's form or the API's query string. An empty field is
// absent. Which fields a kind needs is checked here, so the service sees only complete requests.

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const explainInputSchema = z
  .object({
    /** Whom to explain it for: an administrator may name anyone; without it, the person asking. */
    person: optional(emailSchema),
    kind: z.enum(["console", "shell", "forward"], { error: "expected kind console, shell or forward" }),
    accountId: accountIdSchema,
    roleName: optional(roleNameSchema),
    instanceId: optional(instanceIdSchema),
    region: optional(regionSchema),
    document: optional(z.enum(FORWARD_DOCUMENTS, { error: `expected one of ${FORWARD_DOCUMENTS.join(", ")}` })),
    host: optional(remoteHostSchema),
    port: optional(portNumberSchema),
  })
  .superRefine((input, ctx) => {
    if (input.kind === "console" && !input.roleName) ctx.addIssue({ code: "custom", path: ["roleName"], message: "a console request needs the role" });
    if (input.kind !== "console") {
      if (!input.instanceId) ctx.addIssue({ code: "custom", path: ["instanceId"], message: `a ${input.kind} request needs the instance id` });
      if (!input.region) ctx.addIssue({ code: "custom", path: ["region"], message: `a ${input.kind} request needs the region` });
    }
    if (input.kind === "forward" && input.port === undefined) ctx.addIssue({ code: "custom", path: ["port"], message: "a forward request needs the port" });
  });

export type ExplainInput = z.output<typeof explainInputSchema>;
