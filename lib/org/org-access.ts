import "server-only";
import { decide, type Subject } from "@/lib/access";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { ServiceError } from "@/lib/errors";
import { computeUserAccess, type UserOrgAccess } from "./node-view";
import { getOrgTree, type OrgTree } from "./tree";

// Everything a tree page or tree API needs about the signed-in user: may they view the organization, may they sync
// it, and which roles they hold where. Checked on the server for every request; nothing here trusts the browser.

export type OrgViewer = {
  subject: Subject;
  tree: OrgTree;
  access: UserOrgAccess;
  /** Whether decide() lets them run a sync ("admin:sync"). */
  mayAdminSync: boolean;
};

/** Throws ServiceError (with decide()'s code and reason) when no profile lets the person view the organization. */
export async function loadOrgViewer(user: Pick<Actor, "sub" | "email" | "groups">): Promise<OrgViewer> {
  const subject = subjectOf(user);
  const [policy, tree] = await Promise.all([getAccessPolicy(), getOrgTree()]);
  const view = decide(subject, { action: "org:view" }, { policy });
  if (!view.allowed) throw new ServiceError(view.code, view.reason);
  const mayAdminSync = decide(subject, { action: "admin:sync" }, { policy }).allowed;
  return { subject, tree, access: computeUserAccess(tree, subject, policy), mayAdminSync };
}
