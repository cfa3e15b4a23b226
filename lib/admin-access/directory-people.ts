import "server-only";
import { createMemberListing, GroupSourceError, type GroupMemberListing } from "@/lib/auth/groups";
import { directoryConfigFromEnv } from "@/lib/auth/user-groups";
import { getConfig } from "@/lib/config";
import { mapWithConcurrency } from "./profile-principals";

// The matrix's people under GROUPS_SOURCE=directory: the members (type USER, direct) of the groups the access
// profiles name, read with the Directory API's members.list (docs/google-directory-facts.md). Cached in process memory
// for GROUPS_CACHE_TTL_SECONDS, keyed by the sorted group list; callers asking at the same time share one listing.
// When the directory fails, the last good listing for the same groups is served (whatever its age, with a note
// saying how old it is: the matrix reports access, it grants none); without one the caller falls back.

const CONCURRENCY = 4; // groups listed at once
const KEPT_LISTINGS = 8; // last good listings remembered (one per distinct group list)

export type DirectoryListing = {
  /** Each group the profiles name, with its direct USER members' e-mail addresses. */
  groups: { email: string; members: string[] }[];
  /** Groups the profiles name that the directory does not know (404): they have no members. */
  missingGroups: string[];
  fetchedAt: Date;
};

export type DirectoryPeople =
  | { outcome: "listed"; listing: DirectoryListing }
  | { outcome: "stale"; listing: DirectoryListing; error: GroupSourceError }
  | { outcome: "failed"; error: GroupSourceError };

let listingPromise: Promise<GroupMemberListing> | undefined;
const lastGood = new Map<string, DirectoryListing>();
const inFlight = new Map<string, Promise<DirectoryListing>>();

export async function readDirectoryPeople(groups: readonly string[]): Promise<DirectoryPeople> {
  const key = [...groups].sort().join("\n");
  const cached = lastGood.get(key);
  if (cached && Date.now() - cached.fetchedAt.getTime() < getConfig().GROUPS_CACHE_TTL_SECONDS * 1000) return { outcome: "listed", listing: cached };
  let pending = inFlight.get(key);
  if (!pending) {
    pending = listGroups([...groups].sort()).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  try {
    const listing = await pending;
    remember(key, listing);
    return { outcome: "listed", listing };
  } catch (cause) {
    const error = cause instanceof GroupSourceError ? cause : new GroupSourceError("unavailable", (cause as Error).message, { cause });
    const last = lastGood.get(key);
    return last ? { outcome: "stale", listing: last, error } : { outcome: "failed", error };
  }
}

async function listGroups(groups: string[]): Promise<DirectoryListing> {
  listingPromise ??= createMemberListing(directoryConfigFromEnv()).catch((error: unknown) => {
    listingPromise = undefined; // a bad key file is reported each time, not remembered
    throw error;
  });
  const listing = await listingPromise;
  const missingGroups: string[] = [];
  const lists = await mapWithConcurrency(groups, CONCURRENCY, async (email) => {
    try {
      return { email, members: await listing.listMembers(email) };
    } catch (error) {
      // A profile naming a group the directory does not have grants nobody anything: note it, list the others.
      if (error instanceof GroupSourceError && error.code === "group-not-found") {
        missingGroups.push(email);
        return { email, members: [] };
      }
      throw error;
    }
  });
  return { groups: lists, missingGroups: missingGroups.sort(), fetchedAt: new Date() };
}

function remember(key: string, listing: DirectoryListing): void {
  lastGood.delete(key);
  lastGood.set(key, listing);
  while (lastGood.size > KEPT_LISTINGS) lastGood.delete(lastGood.keys().next().value as string);
}
