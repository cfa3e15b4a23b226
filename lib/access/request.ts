import "server-only";
import { z } from "zod";
import { FORWARD_DOCUMENTS } from "./forward-match";
import { accountIdSchema, emailSchema, instanceIdSchema, portNumberSchema, regionSchema, remoteHostSchema, roleNameSchema } from "./ids";
import { formatPath } from "./locate-issues";

// The shapes decide() accepts. Routes pass values that came from the browser, so everything is checked here
// once, and a malformed id is refused with a sentence instead of reaching a matcher or AWS.

export const subjectSchema = z.object({
  sub: z.string({ error: "expected the user's sign-in subject" }).min(1, { error: "expected the user's sign-in subject" }),
  email: emailSchema,
  groups: z.array(z.string({ error: "expected group emails" }), { error: "expected a list of group emails" }),
});

const reasonSchema = z
  .string({ error: "expected text" })
  .max(1000, { error: "expected at most 1000 characters" })
  .optional()
  .transform((reason) => reason?.trim() || undefined);

// The instance's tags as the route read them from AWS for this instance id; never the tags a browser sent, or a
// user could claim Name=Develop for a production instance.
const tagsSchema = z.record(z.string(), z.string({ error: "expected tag values as strings" }), {
  error: "expected the instance's tags as a { key: value } mapping",
});

const actionError =
  "expected one of console:open, shell:open, forward:open, instances:list, org:view, admin:sync, admin:people, admin:access, health:details, audit:view-all, sessions:view-all";
const documentError = `expected one of ${FORWARD_DOCUMENTS.join(", ")}`;

export const requestSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("console:open"), accountId: accountIdSchema, roleName: roleNameSchema, reason: reasonSchema }),
    z.object({
      action: z.literal("shell:open"),
      accountId: accountIdSchema,
      region: regionSchema,
      instanceId: instanceIdSchema,
      tags: tagsSchema,
      reason: reasonSchema,
    }),
    z
      .object({
        action: z.literal("forward:open"),
        accountId: accountIdSchema,
        region: regionSchema,
        instanceId: instanceIdSchema,
        tags: tagsSchema,
        document: z.enum(FORWARD_DOCUMENTS, { error: documentError }),
        // Only AWS-StartPortForwardingSessionToRemoteHost names a host; the others reach the instance itself.
        host: remoteHostSchema.optional(),
        port: portNumberSchema,
        reason: reasonSchema,
      })
      .superRefine((request, ctx) => {
        const remote = request.document === "AWS-StartPortForwardingSessionToRemoteHost";
        if (remote && request.host === undefined) ctx.addIssue({ code: "custom", path: ["host"], message: `${request.document} needs a host` });
        if (!remote && request.host !== undefined)
          ctx.addIssue({ code: "custom", path: ["host"], message: `${request.document} reaches the instance itself and takes no host` });
      }),
    z.object({ action: z.literal("instances:list"), accountId: accountIdSchema, region: regionSchema }),
    z.object({ action: z.enum(["org:view", "admin:sync", "admin:people", "admin:access", "health:details", "audit:view-all", "sessions:view-all"]) }),
  ],
  { error: actionError },
);

/** Who is asking: the signed-in user's Google subject, email and group emails. */
export type Subject = z.input<typeof subjectSchema>;
/** What they ask for. `reason` is the user's justification, needed where a profile sets requireReason. */
export type AccessRequest = z.input<typeof requestSchema>;
export type ParsedRequest = z.output<typeof requestSchema>;

type ParsedInput = { ok: true; subject: z.output<typeof subjectSchema>; request: ParsedRequest } | { ok: false; reason: string };

function describeIssue(what: string, issue: z.core.$ZodIssue | undefined): string {
  const path = issue && issue.path.length > 0 ? formatPath(issue.path) : "";
  const field = [what, path].filter(Boolean).join(" ");
  const message = issue?.message.replace(/^Invalid input: /, "") ?? "malformed";
  return `Invalid ${field || "request"}: ${message}.`;
}

export function parseDecisionInput(subject: unknown, request: unknown): ParsedInput {
  const parsedSubject = subjectSchema.safeParse(subject);
  if (!parsedSubject.success) return { ok: false, reason: describeIssue("subject", parsedSubject.error.issues[0]) };
  const parsedRequest = requestSchema.safeParse(request);
  if (!parsedRequest.success) return { ok: false, reason: describeIssue("", parsedRequest.error.issues[0]) };
  return { ok: true, subject: parsedSubject.data, request: parsedRequest.data };
}
