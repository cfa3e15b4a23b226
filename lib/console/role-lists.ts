import "server-only";
import { getDb } from "@/lib/db/client";

// Favourite and recently used account roles per user. Only permitted roles are ever written (the routes check);
// readers filter again, because access can be withdrawn after a role was saved.

export interface SavedRole {
  accountId: string;
  roleName: string;
  at: Date;
}

const RECENT_KEPT = 10;

export async function listFavouriteRoles(userSub: string): Promise<SavedRole[]> {
  const rows = await getDb().favouriteRole.findMany({ where: { userSub }, orderBy: [{ createdAt: "desc" }], take: 100 });
  return rows.map((row) => ({ accountId: row.accountId, roleName: row.roleName, at: row.createdAt }));
}

export async function listRecentRoles(userSub: string, limit = RECENT_KEPT): Promise<SavedRole[]> {
  const rows = await getDb().recentRole.findMany({ where: { userSub }, orderBy: [{ usedAt: "desc" }], take: limit });
  return rows.map((row) => ({ accountId: row.accountId, roleName: row.roleName, at: row.usedAt }));
}

export async function addFavouriteRole(userSub: string, accountId: string, roleName: string): Promise<void> {
  await getDb().favouriteRole.upsert({
    where: { userSub_accountId_roleName: { userSub, accountId, roleName } },
    create: { userSub, accountId, roleName },
    update: {},
  });
}

export async function removeFavouriteRole(userSub: string, accountId: string, roleName: string): Promise<void> {
  await getDb().favouriteRole.deleteMany({ where: { userSub, accountId, roleName } });
}

/**
 * Marks a role as just used. Rows are one per (user, account, role), so a user has at most as many as roles they
 * may open; readers take the latest few.
 */
export async function recordRecentRole(userSub: string, accountId: string, roleName: string): Promise<void> {
  const usedAt = new Date();
  await getDb().recentRole.upsert({
    where: { userSub_accountId_roleName: { userSub, accountId, roleName } },
    create: { userSub, accountId, roleName, usedAt },
    update: { usedAt },
  });
}
