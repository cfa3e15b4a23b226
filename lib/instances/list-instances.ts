import "server-only";
import { findInstanceGrant, instanceFilterFor, type AccessPolicy, type InstanceFilter } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { listManagedInstances, type ManagedInstance } from "@/lib/aws/instances";
import { getConfig } from "@/lib/config";
import { listAccounts, type OrgAccount } from "@/lib/org/accounts";
import { mapConcurrent } from "@/lib/util/map-concurrent";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { assumeGrantRole, describeInstanceFault } from "./grant-credentials";
import { cachedListing } from "./listing-cache";
import type { InstanceListing, InstanceRow, ListingProblem } from "./listing-types";

// The instances a user may reach: for every account and configured region where their profiles grant instances,
// assume the grant's role, read the managed nodes with their tags, and keep those the grants' tag rules match
// (the same findInstanceGrant test decide() applies to a shell). Targets are fetched with bounded concurrency and
// settle independently, so one unreachable region or refused account is a notice, not a failed page.

export interface ListingTarget {
  account: OrgAccount;
  region: string;
  filter: InstanceFilter;
}

export interface ListInstancesInput {
  actor: Actor;
  /** Skip the cache for every target ("all") or for one account and region (a Retry button). */
  refresh?: "all" | { accountId: string; region: string };
  /** Requests in flight at most; AWS_CONCURRENCY by default. */
  concurrency?: number;
}

/** The account/region pairs where the user's profiles grant any instance, in account order. */
export function listListingTargets(
  user: Pick<Actor, "sub" | "email" | "groups">,
  accounts: readonly OrgAccount[],
  regions: readonly string[],
  policy: AccessPolicy,
): ListingTarget[] {
  const subject = subjectOf(user);
  return accounts.flatMap((account) =>
    regions
      .map((region) => ({ account, region, filter: instanceFilterFor(subject, account, region, policy) }))
      .filter((target) => target.filter.grants.length > 0),
  );
}

const platformOf = (instance: ManagedInstance) =>
  [instance.platformName, instance.platformVersion].filter(Boolean).join(" ") || instance.platformType || "Unknown";

/** The nodes of one target that the grants reach, as rows. */
export function toVisibleRows(target: ListingTarget, instances: readonly ManagedInstance[]): InstanceRow[] {
  return instances.flatMap((instance) => {
    const grant = findInstanceGrant(target.filter, instance.tags);
    if (!grant) return [];
    const row: InstanceRow = {
      accountId: target.account.id,
      accountName: target.account.name,
      region: target.region,
      instanceId: instance.instanceId,
      name: Object.hasOwn(instance.tags, "Name") && instance.tags.Name ? instance.tags.Name : null,
      pingStatus: instance.pingStatus,
      platform: platformOf(instance),
      platformType: instance.platformType,
      agentVersion: instance.agentVersion,
      ipAddress: instance.ipAddress,
      computerName: instance.computerName,
      resourceType: instance.resourceType,
      lastPingAt: instance.lastPingAt,
      tags: instance.tags,
      requireReason: grant.requireReason,
      roleName: grant.roleName,
    };
    return [row];
  });
}

function isRefreshed(refresh: ListInstancesInput["refresh"], target: ListingTarget): boolean {
  if (refresh === "all") return true;
  return refresh !== undefined && refresh.accountId === target.account.id && refresh.region === target.region;
}

async function fetchTarget(user: Actor, policy: AccessPolicy, target: ListingTarget, fresh: boolean): Promise<ManagedInstance[]> {
  // Any grant's role can read the inventory; the first one's is used and the tag rules then pick the rows.
  const grant = target.filter.grants[0]!;
  const key = [user.sub, target.account.id, target.region, grant.profileId, grant.roleName].join("|");
  return cachedListing(key, async () => listManagedInstances(target.region, await assumeGrantRole(user, policy, target.account.id, grant)), { fresh });
}

const regionRank = (target: ListingTarget) => getConfig().AWS_REGIONS.indexOf(target.region);

export async function listPermittedInstances(input: ListInstancesInput): Promise<InstanceListing> {
  const config = getConfig();
  const [policy, accounts] = await Promise.all([getAccessPolicy(), listAccounts()]);
  const targets = listListingTargets(input.actor, accounts, config.AWS_REGIONS, policy);
  // Fetched region by region, so requests in flight belong to different accounts: the targets of one account all
  // wait on the same AssumeRole, and side by side they would hold several lanes idle while it runs.
  const order = targets.map((_, index) => index).sort((a, b) => regionRank(targets[a]!) - regionRank(targets[b]!) || a - b);
  const fetched = await mapConcurrent(order, input.concurrency ?? config.AWS_CONCURRENCY, (index) =>
    fetchTarget(input.actor, policy, targets[index]!, isRefreshed(input.refresh, targets[index]!)),
  );
  const results = new Array<(typeof fetched)[number]>(targets.length);
  order.forEach((targetIndex, position) => (results[targetIndex] = fetched[position]!));
  const instances: InstanceRow[] = [];
  const problems: ListingProblem[] = [];
  results.forEach((result, index) => {
    const target = targets[index]!;
    if (result.ok) {
      instances.push(...toVisibleRows(target, result.value));
      return;
    }
    const fault = describeInstanceFault(result.error, `listing instances in account ${target.account.id} (${target.account.name}), ${target.region}`);
    problems.push({
      accountId: target.account.id,
      accountName: target.account.name,
      region: target.region,
      message: fault.message,
      retryable: fault.retryable,
      ...(fault.code ? { code: fault.code } : {}),
    });
  });
  const searched = new Map(targets.map((target) => [target.account.id, target.account.name]));
  return {
    instances,
    problems,
    accounts: [...searched].map(([id, name]) => ({ id, name })),
    regions: [...new Set(targets.map((target) => target.region))],
    fetchedAt: new Date().toISOString(),
  };
}
