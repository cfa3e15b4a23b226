import "server-only";
import { z } from "zod";
import { accountIdSchema, regionSchema } from "@/lib/access/ids";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit } from "@/lib/audit/record";
import type { StreamCredentials } from "@/lib/aws/ssm-sessions";
import { ServiceError } from "@/lib/errors";
import { forwardTargetSchema, type ForwardTarget } from "@/lib/instances/instance-access";
import { listPermittedInstances } from "@/lib/instances/list-instances";
import type { InstanceRow } from "@/lib/instances/listing-types";
import { openForward, type ForwardStream } from "@/lib/instances/open-forward";
import { openShell } from "@/lib/instances/open-shell";

// Sessions for the command line: the instance is named the way a person types it (its id, or its Name tag), and
// resolved here, server-side, against the instances the token's person may reach (the same listing the Instances
// page shows). Then the browser's own service starts the session: openShell decides, audits and calls
// StartSession exactly as it does for POST /api/shell, and openForward as for POST /api/forward. A name that matches nothing, or several instances, is
// refused with the candidates' ids, and audited like any other refused shell.

/** An instance id (i-…, mi-…) or a Name tag: printable, at most 255 characters like a tag value. */
export const instanceRefSchema = z
  .string({ error: "expected the instance as its id or Name tag" })
  .trim()
  .min(1, { error: "expected the instance as its id or Name tag" })
  .max(255, { error: "expected an instance id or Name tag of at most 255 characters" })
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { error: "expected an instance id or Name tag without control characters" });

export const cliShellInputSchema = z.object({
  instance: instanceRefSchema,
  /** Narrow a Name shared across accounts or regions. */
  accountId: accountIdSchema.optional(),
  region: regionSchema.optional(),
  reason: z.string({ error: "expected the reason as text" }).max(1000, { error: "expected a reason of at most 1000 characters" }).nullish(),
});
export type CliShellInput = z.output<typeof cliShellInputSchema>;

export interface CliStream extends StreamCredentials {
  instanceId: string;
  name: string | null;
  accountId: string;
  accountName: string;
  region: string;
  roleName: string;
}

const describeRow = (row: InstanceRow) => `${row.instanceId}${row.name ? ` (${row.name})` : ""} in ${row.accountName} (${row.accountId}) ${row.region}`;

/** The one permitted instance a person means by `instance` (id first, then Name tag), or a refusal saying why. */
export async function resolveInstance(actor: Actor, input: Pick<CliShellInput, "instance" | "accountId" | "region">): Promise<InstanceRow> {
  const listing = await listPermittedInstances({ actor });
  const inScope = listing.instances.filter((row) => (!input.accountId || row.accountId === input.accountId) && (!input.region || row.region === input.region));
  const byId = inScope.filter((row) => row.instanceId === input.instance);
  const candidates = byId.length > 0 ? byId : inScope.filter((row) => row.name === input.instance);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new ServiceError(
      "invalid-input",
      `${candidates.length} instances you may reach are named ${JSON.stringify(input.instance)}: ${candidates.map(describeRow).join("; ")}. Name one by its id (or pass accountId and region).`,
    );
  }
  const unlisted =
    listing.problems.length > 0
      ? ` (${listing.problems.length} account/region listing(s) could not be read: ${listing.problems.map((p) => `${p.accountName} ${p.region}: ${p.message}`).join("; ")})`
      : "";
  throw new ServiceError(
    "unknown-instance",
    `No instance you may reach has the id or Name tag ${JSON.stringify(input.instance.slice(0, 100))}${unlisted}. gatehouse ls --instances lists them.`,
  );
}

/** POST /api/v1/shell: resolve the instance, then the browser's openShell (decided, audited, started as the person's role). */
export async function openCliShell({ actor, input }: { actor: Actor; input: CliShellInput }): Promise<CliStream> {
  const row = await resolveAudited(actor, input, "shell.open", null);
  const stream = await openShell({ actor, input: { accountId: row.accountId, region: row.region, instanceId: row.instanceId, reason: input.reason ?? null } });
  return {
    ...stream,
    instanceId: row.instanceId,
    name: row.name,
    accountId: row.accountId,
    accountName: row.accountName,
    region: row.region,
    roleName: row.roleName,
  };
}

// The instance is not known until it is resolved, so the browser's forward schema checks the document and its
// parameters with a stand-in target; only its issues about those two are kept (the route wrapper answers 400 and
// audits them under forward.open, as for the browser).
const STAND_IN = { accountId: "000000000000", region: "us-east-1", instanceId: "i-00000000000000000" };

export const cliForwardInputSchema = z
  .object({
    instance: instanceRefSchema,
    accountId: accountIdSchema.optional(),
    region: regionSchema.optional(),
    reason: z.string({ error: "expected the reason as text" }).max(1000, { error: "expected a reason of at most 1000 characters" }).nullish(),
    document: forwardTargetSchema.shape.document,
    parameters: forwardTargetSchema.shape.parameters,
  })
  .superRefine((input, ctx) => {
    const checked = forwardTargetSchema.safeParse({ ...STAND_IN, document: input.document, parameters: input.parameters });
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      if (issue.path[0] === "document" || issue.path[0] === "parameters") ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    }
  });
export type CliForwardInput = z.output<typeof cliForwardInputSchema>;

export type CliForwardStream = ForwardStream & Omit<CliStream, keyof StreamCredentials>;

async function resolveAudited(
  actor: Actor,
  input: CliShellInput | CliForwardInput,
  action: "shell.open" | "forward.open",
  destination: string | null,
): Promise<InstanceRow> {
  try {
    return await resolveInstance(actor, input);
  } catch (error) {
    if (error instanceof ServiceError) {
      await recordAudit({
        action,
        actor,
        outcome: "denied",
        accountId: input.accountId ?? null,
        region: input.region ?? null,
        instanceId: /^m?i-[0-9a-f]{8,17}$/.test(input.instance) ? input.instance : null,
        destination,
        reason: input.reason ?? null,
        detail: `${error.code}: ${error.message}`,
      });
    }
    throw error;
  }
}

/** POST /api/v1/forward: resolve the instance, then the browser's openForward (port forwarding or SSH, decided and audited). */
export async function openCliForward({ actor, input }: { actor: Actor; input: CliForwardInput }): Promise<CliForwardStream> {
  const destination = `${input.document} ${input.parameters.host ?? "localhost"}:${input.parameters.portNumber}`;
  const row = await resolveAudited(actor, input, "forward.open", destination);
  const target: ForwardTarget = {
    accountId: row.accountId,
    region: row.region,
    instanceId: row.instanceId,
    reason: input.reason ?? null,
    document: input.document,
    parameters: input.parameters,
  };
  const stream = await openForward({ actor, input: target });
  return {
    ...stream,
    instanceId: row.instanceId,
    name: row.name,
    accountId: row.accountId,
    accountName: row.accountName,
    region: row.region,
    roleName: row.roleName,
  };
}
