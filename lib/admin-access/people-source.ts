import "server-only";
import { loadStaticGroupsFile, normalizeGroupEmails, type StaticGroup } from "@/lib/auth/groups";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import type { AccessPolicy } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { readDirectoryPeople } from "./directory-people";
import type { MatrixPerson } from "./matrix";
import { profilePrincipals } from "./profile-principals";

// The people the matrix is about (README, "Who can reach what"). With the static groups file, everyone it lists (with
// the groups it lists them in). With the Directory API, the members of every group the access profiles name
// (members.list, cached: directory-people.ts). With either source, everyone who has signed in, with the groups cached
// at their last sign-in, and everyone a profile names by e-mail.

/** Where the matrix's people came from, and what an administrator should know about it. */
export type PeopleSource = "groups-file" | "directory" | "directory-cached" | "signed-in";
export type MatrixPeople = { people: MatrixPerson[]; peopleSource: PeopleSource; peopleNote?: string };

/** Person e-mail → groups, from group member lists (the static file's, or the Directory API's members.list). */
export function peopleFromStaticGroups(groups: readonly Pick<StaticGroup, "email" | "members">[]): MatrixPerson[] {
  const byEmail = new Map<string, string[]>();
  for (const group of groups) {
    for (const member of group.members) byEmail.set(member, [...(byEmail.get(member) ?? []), group.email]);
  }
  return [...byEmail].map(([email, list]) => ({ email, groups: normalizeGroupEmails(list) }));
}

/** Merges lists of people by lower-cased e-mail: a person's groups are the union of what each source says. */
export function mergePeople(...lists: readonly MatrixPerson[][]): MatrixPerson[] {
  const byEmail = new Map<string, Set<string>>();
  for (const person of lists.flat()) {
    const email = person.email.toLowerCase();
    const groups = byEmail.get(email) ?? new Set<string>();
    for (const group of person.groups) groups.add(group);
    byEmail.set(email, groups);
  }
  return [...byEmail].map(([email, groups]) => ({ email, groups: normalizeGroupEmails(groups) })).sort((a, b) => a.email.localeCompare(b.email));
}

/** The matrix's people for the policy in force, with where they came from. */
export async function readMatrixPeople(policy: AccessPolicy): Promise<MatrixPeople> {
  const config = getConfig();
  const signedIn = await getDb().user.findMany({ select: { email: true, groups: true } });
  const principals = profilePrincipals(policy);
  const namedUsers = principals.users.map((email) => ({ email, groups: [] }));
  if (config.GROUPS_SOURCE === "static" && config.GROUPS_FILE) {
    const fromFile = peopleFromStaticGroups(await loadStaticGroupsFile(config.GROUPS_FILE));
    // The file is the truth for groups under the static source; people it does not list have no groups.
    const listed = new Set(fromFile.map((person) => person.email));
    const others = [...signedIn.map((user) => user.email.toLowerCase()), ...principals.users].filter((email) => !listed.has(email));
    return {
      people: mergePeople(
        fromFile,
        others.map((email) => ({ email, groups: [] })),
      ),
      peopleSource: "groups-file",
    };
  }

  if (config.GROUPS_SOURCE !== "directory") return { people: mergePeople(signedIn, namedUsers), peopleSource: "signed-in" };
  const directory = await readDirectoryPeople(principals.groups);
  if (directory.outcome === "failed") {
    return {
      people: mergePeople(signedIn, namedUsers),
      peopleSource: "signed-in",
      peopleNote: `The Google Directory API could not list the groups' members (${directory.error.message}), so only people who have signed in (with the groups cached at their last sign-in) and people the profiles name are shown. Reload to try again.`,
    };
  }
  const { listing } = directory;
  // Signed-in people keep their cached groups, unioned with what the listing says.
  const people = mergePeople(peopleFromStaticGroups(listing.groups), signedIn, namedUsers);
  const notes: string[] = [];
  if (directory.outcome === "stale") {
    notes.push(
      `The Google Directory API could not list the groups' members (${directory.error.message}); shown is the last listing, read at ${listing.fetchedAt.toISOString()}. Reload to try again.`,
    );
  }
  if (listing.missingGroups.length > 0) {
    notes.push(`The Google directory has no group ${listing.missingGroups.join(", ")}: the profiles naming it grant its members nothing.`);
  }
  return {
    people,
    peopleSource: directory.outcome === "stale" ? "directory-cached" : "directory",
    ...(notes.length > 0 ? { peopleNote: notes.join(" ") } : {}),
  };
}

/** The matrix's people for the policy in force (for callers that need only the list). */
export async function listMatrixPeople(): Promise<MatrixPerson[]> {
  return (await readMatrixPeople(await getAccessPolicy())).people;
}
