import "server-only";
import type { AccountInfo } from "@/lib/access";
import { getDb } from "@/lib/db/client";
import { getOrgTree } from "./tree";

// Accounts as the last successful organization sync stored them. Everyone (console, instances, shells) reads the
// organization from here, never from AWS, so a request never waits on Organizations or its throttling.

export type OrgAccount = AccountInfo & { name: string; email: string | null };

type AccountRow = { id: string; name: string; email: string | null; status: string | null; path: string[] };

/** The root id is the first element of `path`; access rules only ever name OUs, so it is left out of ouPath. */
export function toOrgAccount(row: AccountRow): OrgAccount {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    status: row.status ?? "UNKNOWN",
    ouPath: row.path.filter((id) => id.startsWith("ou-")),
  };
}

/**
 * One account of the organization, or null when the stored tree does not hold it (unknown or not yet synced).
 * Read straight from the database (one indexed row), so an access decision always sees the newest stored tree.
 */
export async function getAccountInfo(accountId: string): Promise<OrgAccount | null> {
  if (!/^\d{12}$/.test(accountId)) return null;
  const row = await getDb().orgNode.findFirst({
    where: { id: accountId, kind: "account" },
    select: { id: true, name: true, email: true, status: true, path: true },
  });
  return row ? toOrgAccount(row) : null;
}

/** Every account of the organization, ordered by name (from the in-memory copy of the stored tree). */
export async function listAccounts(): Promise<OrgAccount[]> {
  const tree = await getOrgTree();
  return tree.accountIds.map((id) => toOrgAccount(tree.nodes.get(id)!));
}
