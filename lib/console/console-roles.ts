import "server-only";
import { listPermittedRoles, type AccessPolicy, type PermittedRole } from "@/lib/access";
import type { Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { buildSwitchRoleUrl } from "@/lib/aws/console-signin";
import { predictTargetSession } from "@/lib/aws/role-chain";
import { getConfig } from "@/lib/config";
import type { ConsoleRoleDetails } from "@/lib/console/console-api";
import { describeSessionLength } from "@/lib/console/session-length";
import { profileNameFor } from "@/lib/cli/profile-name";
import { getAccountInfo, listAccounts, type OrgAccount } from "@/lib/org/accounts";
import { listFavouriteRoles, listRecentRoles, type SavedRole } from "./role-lists";

// The account roles a user may open the console as, with what the Open console button shows for each. Everything
// comes from the access policy and the stored org tree, so these lists never offer a role a request would refuse.

export interface ConsoleRoleEntry {
  accountId: string;
  accountName: string;
  roleName: string;
  profileId: string;
  details: ConsoleRoleDetails;
}

type ConsoleUser = Pick<Actor, "sub" | "email" | "groups">;

export function toConsoleRoleEntry(account: OrgAccount, role: PermittedRole, policy: AccessPolicy, favourites: ReadonlySet<string>): ConsoleRoleEntry {
  const profile = policy.profiles.find((candidate) => candidate.id === role.profileId);
  const session = profile ? predictTargetSession(profile, account.id, role.roleName) : { seconds: 3600, chained: true };
  return {
    accountId: account.id,
    accountName: account.name,
    roleName: role.roleName,
    profileId: role.profileId,
    details: {
      requireReason: role.requireReason,
      sessionLength: describeSessionLength(session.seconds),
      chained: session.chained,
      switchRoleUrl: buildSwitchRoleUrl(account.id, role.roleName, `${role.roleName} @ ${account.name}`),
      favourite: favourites.has(roleKey(account.id, role.roleName)),
      regions: getConfig().AWS_REGIONS,
      profileName: profileNameFor(account.name, role.roleName),
    },
  };
}

const roleKey = (accountId: string, roleName: string) => `${accountId}/${roleName}`;

/** Every permitted role, grouped by account (accounts ordered by name). */
export async function listConsoleAccess(user: ConsoleUser): Promise<{ account: OrgAccount; roles: ConsoleRoleEntry[] }[]> {
  const [policy, accounts, favourites] = await Promise.all([getAccessPolicy(), listAccounts(), listFavouriteRoles(user.sub)]);
  const permitted = listPermittedRoles(user, accounts, policy);
  const favouriteKeys = new Set(favourites.map((role) => roleKey(role.accountId, role.roleName)));
  return accounts
    .filter((account) => permitted[account.id]?.length)
    .map((account) => ({ account, roles: (permitted[account.id] ?? []).map((role) => toConsoleRoleEntry(account, role, policy, favouriteKeys)) }));
}

/** The user's favourite and recently used roles that they may still open. */
export async function listSavedConsoleRoles(user: ConsoleUser): Promise<{ favourites: ConsoleRoleEntry[]; recent: ConsoleRoleEntry[] }> {
  const [policy, favourites, recent] = await Promise.all([getAccessPolicy(), listFavouriteRoles(user.sub), listRecentRoles(user.sub)]);
  const ids = [...new Set([...favourites, ...recent].map((role) => role.accountId))];
  const accounts = (await Promise.all(ids.map((id) => getAccountInfo(id)))).filter((account): account is OrgAccount => account !== null);
  const permitted = listPermittedRoles(user, accounts, policy);
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const favouriteKeys = new Set(favourites.map((role) => roleKey(role.accountId, role.roleName)));
  const resolve = (saved: SavedRole[]) =>
    saved.flatMap((role) => {
      const account = byId.get(role.accountId);
      const grant = permitted[role.accountId]?.find((candidate) => candidate.roleName === role.roleName);
      return account && grant ? [toConsoleRoleEntry(account, grant, policy, favouriteKeys)] : [];
    });
  return { favourites: resolve(favourites), recent: resolve(recent) };
}

/** Details for one role; not-granted when the person may not open it (or the account is unknown). */
export async function describeConsoleRole({ actor, input }: { actor: Actor; input: { accountId: string; roleName: string } }): Promise<ConsoleRoleDetails> {
  const details = await findConsoleRole(actor, input.accountId, input.roleName);
  if (!details) throw new ServiceError("not-granted", `You may not open role ${input.roleName} in account ${input.accountId}.`);
  return details;
}

async function findConsoleRole(user: ConsoleUser, accountId: string, roleName: string): Promise<ConsoleRoleDetails | null> {
  const [policy, account, favourites] = await Promise.all([getAccessPolicy(), getAccountInfo(accountId), listFavouriteRoles(user.sub)]);
  if (!account) return null;
  const grant = listPermittedRoles(user, [account], policy)[account.id]?.find((role) => role.roleName === roleName);
  if (!grant) return null;
  return toConsoleRoleEntry(account, grant, policy, new Set(favourites.map((role) => roleKey(role.accountId, role.roleName)))).details;
}

/** Whether the user may open this role (favourites accept only such roles). */
export async function isPermittedRole(user: ConsoleUser, accountId: string, roleName: string): Promise<boolean> {
  const [policy, account] = await Promise.all([getAccessPolicy(), getAccountInfo(accountId)]);
  if (!account) return false;
  return listPermittedRoles(user, [account], policy)[account.id]?.some((role) => role.roleName === roleName) ?? false;
}
