import "server-only";
import { listPermittedRoles, type AccessPolicy, type PermittedRole, type Subject } from "@/lib/access";
import { listInheritedPolicies, ouPathOf, type OrgNodeKind, type OrgTreeData, type OrgTreeNode } from "./tree-model";

// What the browser gets for one node of the tree: small, JSON-safe, with the signed-in user's roles already worked
// out on the server. The page ships the root and its children; deeper levels come from /api/org/nodes on expand,
// so 5,000 accounts never travel in one blob.

export type OrgNodeView = {
  id: string;
  kind: OrgNodeKind;
  name: string;
  parentId: string | null;
  childCount: number;
  status: string | null;
  email: string | null;
  joinedAt: string | null;
  /** SCP ids attached directly to this node. */
  policyIds: string[];
  /** SCPs attached to ancestors, with where they come from. */
  inherited: Array<{ policyId: string; from: Array<{ id: string; name: string }> }>;
  /** Roles the signed-in user may open the console as (accounts only). */
  roles: PermittedRole[];
  /** Accounts at or below this node the user may enter. */
  enterableCount: number;
};

export type OrgPolicyView = { id: string; name: string; description: string | null; awsManaged: boolean };

export type UserOrgAccess = {
  permitted: Record<string, PermittedRole[]>;
  enterableBelow: ReadonlyMap<string, number>;
};

/** The user's roles in every account, and per OU how many accounts below it they may enter. */
export function computeUserAccess(tree: OrgTreeData, subject: Subject, policy: AccessPolicy): UserOrgAccess {
  const accounts = [...tree.nodes.values()]
    .filter((node) => node.kind === "account")
    .map((node) => ({ id: node.id, name: node.name, status: node.status ?? "UNKNOWN", ouPath: ouPathOf(node) }));
  const permitted = listPermittedRoles(subject, accounts, policy);
  const enterableBelow = new Map<string, number>();
  for (const accountId of Object.keys(permitted)) {
    const node = tree.nodes.get(accountId);
    if (!node) continue;
    for (const id of [...node.path, node.id]) enterableBelow.set(id, (enterableBelow.get(id) ?? 0) + 1);
  }
  return { permitted, enterableBelow };
}

export function toNodeView(tree: OrgTreeData, node: OrgTreeNode, access: UserOrgAccess): OrgNodeView {
  const nameOf = (id: string) => tree.nodes.get(id)?.name ?? id;
  return {
    id: node.id,
    kind: node.kind,
    name: node.name,
    parentId: node.parentId,
    childCount: node.childIds.length,
    status: node.status,
    email: node.email,
    joinedAt: node.joinedAt?.toISOString() ?? null,
    policyIds: node.policyIds,
    inherited: listInheritedPolicies(tree, node.id).map(({ policyId, fromIds }) => ({ policyId, from: fromIds.map((id) => ({ id, name: nameOf(id) })) })),
    roles: access.permitted[node.id] ?? [],
    enterableCount: access.enterableBelow.get(node.id) ?? 0,
  };
}

/** Children per request: an OU holding thousands of accounts is sent (and rendered) a page at a time. */
export const CHILD_PAGE_SIZE = 300;

export type ChildPage = { nodes: OrgNodeView[]; offset: number; total: number };

export function listChildViews(tree: OrgTreeData, parentId: string, access: UserOrgAccess, offset = 0, limit = CHILD_PAGE_SIZE): ChildPage | null {
  const parent = tree.nodes.get(parentId);
  if (!parent) return null;
  const ids = parent.childIds.slice(offset, offset + limit);
  return { nodes: ids.map((id) => toNodeView(tree, tree.nodes.get(id)!, access)), offset, total: parent.childIds.length };
}

export const listPolicyViews = (tree: OrgTreeData): OrgPolicyView[] =>
  [...tree.policies.values()].map(({ id, name, description, awsManaged }) => ({ id, name, description, awsManaged }));
