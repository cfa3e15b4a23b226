// The sandbox seed's accounts as the stored organization tree hands them to the access model (OU path from the root
// down, root left out), for tests and benchmarks that compute access without running an organization sync.
import type { SeedInput } from "../../sandbox/seed/schema";

export type SeedAccountInfo = { id: string; name: string; status: string; ouPath: string[] };

export function accountsFromSeed(seed: SeedInput): SeedAccountInfo[] {
  const parents = new Map((seed.organizationalUnits ?? []).map((ou) => [ou.id, ou.parentId]));
  const ouPathOf = (parentId: string) => {
    const path: string[] = [];
    for (let id: string | undefined = parentId; id?.startsWith("ou-"); id = parents.get(id)) path.unshift(id);
    return path;
  };
  return seed.accounts.map((account) => ({ id: account.id, name: account.name, status: account.status ?? "ACTIVE", ouPath: ouPathOf(account.parentId) }));
}
