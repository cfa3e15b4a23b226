import "server-only";
import { listPermittedRoles } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import type { Actor } from "@/lib/actor/actor";
import type { CliMe, CliRole } from "@/lib/cli/cli-api";
import { listPermittedInstances } from "@/lib/instances/list-instances";
import type { InstanceListing, InstanceRow } from "@/lib/instances/listing-types";
import { listAccounts } from "@/lib/org/accounts";
import { profileNameFor } from "./profile-name";

// What the command line reads with a token: who it is signed in as, the roles it may ask credentials for (the same
// listPermittedRoles the portal's lists come from, so it never offers a role decide() would refuse) and the
// instances it may reach, each optionally narrowed by a search term.

const matches = (q: string | undefined, ...values: Array<string | null | undefined>) => {
  if (!q) return true;
  const needle = q.toLowerCase();
  return values.some((value) => value?.toLowerCase().includes(needle));
};

export function describeMe({ actor }: { actor: Actor }): Promise<CliMe> {
  return Promise.resolve({
    email: actor.email,
    name: actor.name,
    groups: actor.groups,
    expiresAt: new Date(actor.expiresAt).toISOString(),
    deviceName: actor.deviceName ?? null,
  });
}

export async function listCliRoles({ actor, input }: { actor: Actor; input: { q?: string } }): Promise<{ roles: CliRole[] }> {
  const [policy, accounts] = await Promise.all([getAccessPolicy(), listAccounts()]);
  const permitted = listPermittedRoles(actor, accounts, policy);
  const roles = accounts.flatMap((account) =>
    (permitted[account.id] ?? []).map((role) => ({
      accountId: account.id,
      accountName: account.name,
      roleName: role.roleName,
      profileId: role.profileId,
      requireReason: role.requireReason,
      profileName: profileNameFor(account.name, role.roleName),
    })),
  );
  return { roles: roles.filter((role) => matches(input.q, role.accountId, role.accountName, role.roleName, role.profileName)) };
}

const instanceMatches = (q: string | undefined, row: InstanceRow) =>
  matches(
    q,
    row.instanceId,
    row.name,
    row.accountId,
    row.accountName,
    row.region,
    row.ipAddress,
    row.computerName,
    ...Object.entries(row.tags).map(([key, value]) => `${key}=${value}`),
  );

export async function listCliInstances({ actor, input }: { actor: Actor; input: { q?: string } }): Promise<InstanceListing> {
  const listing = await listPermittedInstances({ actor });
  return { ...listing, instances: listing.instances.filter((row) => instanceMatches(input.q, row)) };
}
