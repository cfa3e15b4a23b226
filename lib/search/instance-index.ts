import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { listPermittedInstances } from "@/lib/instances/list-instances";
import type { InstanceIndex } from "./search-types";

// GET /api/search/instances's answer: the Instances page's own listing (the person's grants and tag rules, 30 s
// cache, per account/region problems), cut down to what search shows.

export async function buildInstanceIndex({ actor }: { actor: Actor }): Promise<InstanceIndex> {
  const listing = await listPermittedInstances({ actor });
  return {
    instances: listing.instances.map((row) => [row.instanceId, row.name ?? "", row.accountId, row.accountName, row.region]),
    problems: listing.problems.map(({ accountId, accountName, region, message }) => ({ accountId, accountName, region, message })),
  };
}
