import type { AccessPolicy } from "@/lib/access";

// Who the access profiles name: the groups and the people in every profile's grantedTo. Only these groups' members
// can get a profile, so they are the only groups the matrix needs the members of.

export function profilePrincipals(policy: AccessPolicy): { groups: string[]; users: string[] } {
  const groups = new Set<string>();
  const users = new Set<string>();
  for (const profile of policy.profiles) {
    for (const group of profile.grantedTo.groups) groups.add(group.trim().toLowerCase());
    for (const user of profile.grantedTo.users) users.add(user.trim().toLowerCase());
  }
  return { groups: [...groups].sort(), users: [...users].sort() };
}

/** Runs `task` over `items` with at most `limit` running at once; results in the order of `items`. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
