import "server-only";
import type { AccountInfo } from "@/lib/access";
import { getDb } from "@/lib/db/client";

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

const accountColumns = { id: true, name: true, email: true, status: true, path: true } as const;

/** One account of the organization, or null when the stored tree does not hold it (unknown or not yet synced). */
export async function getAccountInfo(accountId: string): Promise<OrgAccount | null> {
  if (!/^\d{12}$/.test(accountId)) return null;
  const row = await getDb().orgNode.findFirst({ where: { id: accountId, kind: "account" }, select: accountColumns });
  return row ? toOrgAccount(row) : null;
}

/** Every account of the organization, ordered by name. */
export async function listAccounts(): Promise<OrgAccount[]> {
  const rows = await getDb().orgNode.findMany({ where: { kind: "account" }, select: accountColumns, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return rows.map(toOrgAccount);
}
