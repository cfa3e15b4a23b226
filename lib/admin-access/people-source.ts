import "server-only";
import { loadStaticGroupsFile, normalizeGroupEmails, type StaticGroup } from "@/lib/auth/groups";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import type { MatrixPerson } from "./matrix";

// The people the matrix is about. With the static groups file, everyone it lists (with the groups it lists them in);
// with either source, everyone who has signed in, with the groups cached at their last sign-in. The Directory API's
// members listing is not read yet (README, "Who can reach what"), so under GROUPS_SOURCE=directory the matrix
// covers the people who have signed in.

/** Person e-mail → groups, from the static file's group member lists. */
export function peopleFromStaticGroups(groups: readonly StaticGroup[]): MatrixPerson[] {
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

export async function listMatrixPeople(): Promise<MatrixPerson[]> {
  const config = getConfig();
  const signedIn = await getDb().user.findMany({ select: { email: true, groups: true } });
  if (config.GROUPS_SOURCE !== "static" || !config.GROUPS_FILE) return mergePeople(signedIn);
  const fromFile = peopleFromStaticGroups(await loadStaticGroupsFile(config.GROUPS_FILE));
  // The file is the truth for groups under the static source; signed-in people it does not list have no groups.
  const listed = new Set(fromFile.map((person) => person.email));
  return mergePeople(
    fromFile,
    signedIn.filter((user) => !listed.has(user.email.toLowerCase())).map((user) => ({ email: user.email, groups: [] })),
  );
}
