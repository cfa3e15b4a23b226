import "server-only";
import { getAccountInfo, type OrgAccount } from "@/lib/org/accounts";

// The account a console request names, from the stored org tree, kept for five seconds: the tree only changes when
// a sync finishes, and a burst of sign-ins (or a user clicking twice) then costs one query instead of one each. The
// kind of short staleness as the access policy cache (15 s, lib/access/policy-store.ts), and shorter.

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { account: OrgAccount | null; at: number }>();

export async function lookUpAccount(accountId: string): Promise<OrgAccount | null> {
  const hit = cache.get(accountId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.account;
  const account = await getAccountInfo(accountId);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(accountId, { account, at: Date.now() });
  return account;
}
