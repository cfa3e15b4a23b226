import "server-only";
import { decide, listPermittedRoles } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { getAccountInfo, type OrgAccount } from "@/lib/org/accounts";
import { listFavouriteRoles } from "./role-lists";
import { toConsoleRoleEntry, type ConsoleRoleEntry } from "./console-roles";

// What the account and role pages (/accounts/<id>, /accounts/<id>/roles/<name>) show the person opening them,
// decided on the server from the access policy and the stored tree every time: the ids in the address only say
// which account or role to check, never what the person may do.

type Viewer = Pick<Actor, "sub" | "email" | "groups">;

export interface AccountAccess {
  /** The account as the stored tree has it; null when unknown (or the address is not an account id). */
  account: OrgAccount | null;
  /** The roles the person may open there (empty: none). */
  roles: ConsoleRoleEntry[];
}

export async function loadAccountAccess(user: Viewer, accountId: string): Promise<AccountAccess> {
  const [policy, account, favourites] = await Promise.all([getAccessPolicy(), getAccountInfo(accountId), listFavouriteRoles(user.sub)]);
  if (!account) return { account: null, roles: [] };
  const keys = new Set(favourites.map((role) => `${role.accountId}/${role.roleName}`));
  const roles = (listPermittedRoles(user, [account], policy)[account.id] ?? []).map((role) => toConsoleRoleEntry(account, role, policy, keys));
  return { account, roles };
}

export type RoleAccess = AccountAccess & ({ allowed: true; entry: ConsoleRoleEntry } | { allowed: false; reason: string });

/** One role: allowed with its entry, or refused with decide()'s reason and the roles they do have in that account. */
export async function loadRoleAccess(user: Viewer, accountId: string, roleName: string): Promise<RoleAccess> {
  const access = await loadAccountAccess(user, accountId);
  const entry = access.roles.find((role) => role.roleName === roleName);
  if (entry) return { ...access, allowed: true, entry };
  const decision = decide(subjectOf(user), { action: "console:open", accountId, roleName }, { policy: await getAccessPolicy(), account: access.account });
  const reason = decision.allowed ? `You may not open role ${roleName} in account ${accountId}.` : decision.reason;
  return { ...access, allowed: false, reason };
}
