import "server-only";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";

// Which of the portal's pages the navigation offers this person: no page they cannot use. Someone no profile is
// granted to (signed in, but no AWS access yet) cannot view the organization and reaches no instance, so those two
// are left out; the Overview tells them what to do.

export async function hasAnyProfile(user: Pick<Actor, "sub" | "email" | "groups">): Promise<boolean> {
  const decision = decide(subjectOf(user), { action: "org:view" }, { policy: await getAccessPolicy() });
  return decision.allowed;
}

/** The nav hrefs that need a profile. */
export const PROFILE_ONLY_PAGES: ReadonlySet<string> = new Set(["/organization", "/instances"]);
