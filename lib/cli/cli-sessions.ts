import "server-only";
import { z } from "zod";
import { accountIdSchema, regionSchema } from "@/lib/access/ids";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit } from "@/lib/audit/record";
import type { StreamCredentials } from "@/lib/aws/ssm-sessions";
import { ServiceError } from "@/lib/errors";
import { listPermittedInstances } from "@/lib/instances/list-instances";
import type { InstanceRow } from "@/lib/instances/listing-types";
import { openShell } from "@/lib/instances/open-shell";

// Sessions for the command line: the instance is named the way a person types it (its id, or its Name tag), and
// resolved here, server-side, against the instances the token's person may reach (the same listing the Instances
// page shows). Then the browser's own service starts the session: openShell decides, audits and calls
// StartSession exactly as it does for POST /api/shell. A name that matches nothing, or several instances, is
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
  const unlisted = listing.problems.length > 0 ? ` (${listing.problems.length} account/region listing(s) could not be read: ${listing.problems.map((p) => `${p.accountName} ${p.region}: ${p.message}`).join("; ")})` : "";
  throw new ServiceError("unknown-instance", `No instance you may reach has the id or Name tag ${JSON.stringify(input.instance.slice(0, 100))}${unlisted}. gatehouse ls --instances lists them.`);
}

/** POST /api/v1/shell: resolve the instance, then the browser's openShell (decided, audited, started as the person's role). */
export async function openCliShell({ actor, input }: { actor: Actor; input: CliShellInput }): Promise<CliStream> {
  let row: InstanceRow;
  try {
    row = await resolveInstance(actor, input);
  } catch (error) {
    if (error instanceof ServiceError) {
      await recordAudit({
        action: "shell.open",
        actor,
        outcome: "denied",
        accountId: input.accountId ?? null,
        region: input.region ?? null,
        instanceId: /^m?i-[0-9a-f]{8,17}$/.test(input.instance) ? input.instance : null,
        reason: input.reason ?? null,
        detail: `${error.code}: ${error.message}`,
      });
    }
    throw error;
  }
  const stream = await openShell({ actor, input: { accountId: row.accountId, region: row.region, instanceId: row.instanceId, reason: input.reason ?? null } });
  return { ...stream, instanceId: row.instanceId, name: row.name, accountId: row.accountId, accountName: row.accountName, region: row.region, roleName: row.roleName };
}
