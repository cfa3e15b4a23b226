import "server-only";
import type { PreviousAttachments } from "@/lib/aws/organization-scp-plan";
import type { getDb } from "@/lib/db/client";

// What a sync takes from the tree it replaces: each SCP's target count, to choose how to read attachments
// (lib/aws/organization-scp-plan.ts). Nothing else carries over: the tree is read whole every time.

export async function loadPreviousAttachments(db: ReturnType<typeof getDb>): Promise<PreviousAttachments | undefined> {
  const rows = await db.orgNode.findMany({ select: { policyIds: true } });
  if (rows.length === 0) return undefined;
  const targetsPerPolicy = new Map<string, number>();
  for (const row of rows) for (const id of row.policyIds) targetsPerPolicy.set(id, (targetsPerPolicy.get(id) ?? 0) + 1);
  return { targets: rows.length, targetsPerPolicy };
}
