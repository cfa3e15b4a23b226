import "server-only";
import { listPermittedRoles } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { listAccounts } from "@/lib/org/accounts";
import type { DirectoryIndex } from "./search-types";
import { listVisiblePages } from "./visible-pages";

// GET /api/search's answer: the pages the person may open and every account where they may open a role, with those
// roles (listPermittedRoles over the stored tree, as the Overview and Organization pages list them). An account
// where they hold no role is left out: nothing is indexed that the person cannot reach.

export async function buildDirectoryIndex({ actor }: { actor: Actor }): Promise<DirectoryIndex> {
  const [policy, accounts] = await Promise.all([getAccessPolicy(), listAccounts()]);
  const subject = subjectOf(actor);
  const permitted = listPermittedRoles(subject, accounts, policy);
  return {
    pages: listVisiblePages(subject, policy),
    accounts: accounts.flatMap((account) => {
      const roles = permitted[account.id];
      return roles?.length ? [[account.id, account.name, roles.map((role) => role.roleName)] as [string, string, string[]]] : [];
    }),
  };
}
