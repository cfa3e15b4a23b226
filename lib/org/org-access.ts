import "server-only";
import { decide, type Subject } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError } from "@/lib/http/api-response";
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

export const subjectOf = (user: Pick<CurrentUser, "sub" | "email" | "groups">): Subject => ({ sub: user.sub, email: user.email, groups: user.groups });

/** Throws ApiError 403 (with decide()'s reason) when no profile lets the user view the organization. */
export async function loadOrgViewer(user: CurrentUser): Promise<OrgViewer> {
  const subject = subjectOf(user);
  const [policy, tree] = await Promise.all([getAccessPolicy(), getOrgTree()]);
  const view = decide(subject, { action: "org:view" }, { policy });
  if (!view.allowed) throw new ApiError(403, view.code, view.reason);
  const mayAdminSync = decide(subject, { action: "admin:sync" }, { policy }).allowed;
  return { subject, tree, access: computeUserAccess(tree, subject, policy), mayAdminSync };
}

/** Route handlers: a request from another site must not act in the user's name (hidden forms, links). */
export function assertSameOriginRequest(request: Request, allowedOrigin: string): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const crossSite = site === "cross-site" || site === "same-site" || (origin && origin !== "null" && origin !== allowedOrigin && origin !== new URL(request.url).origin);
  if (crossSite) throw new ApiError(403, "cross-site", "This request came from another site; use Gatehouse itself.");
}
