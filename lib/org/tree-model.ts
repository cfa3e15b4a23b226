import "server-only";

// The organization tree in memory, assembled from the stored rows. Pure functions, so the tree page, the API and
// the unit tests share one definition of "children", "inherited SCPs" and "accounts below".

export type OrgNodeKind = "root" | "ou" | "account";

export type OrgNodeRow = {
  id: string;
  kind: string;
  parentId: string | null;
  name: string;
  /** Ancestor ids from the root down to the parent. */
  path: string[];
  depth: number;
  email: string | null;
  status: string | null;
  joinedAt: Date | null;
  policyIds: string[];
};

export type OrgTreeNode = Omit<OrgNodeRow, "kind"> & {
  kind: OrgNodeKind;
  /** Child OUs first, then accounts, each by name. */
  childIds: string[];
  /** Lower-cased name and id, for search. */
  searchText: string;
};

export type OrgPolicySummary = { id: string; name: string; description: string | null; awsManaged: boolean };

export type OrgTreeData = {
  rootId: string | null;
  nodes: ReadonlyMap<string, OrgTreeNode>;
  policies: ReadonlyMap<string, OrgPolicySummary>;
  /** Every account id, by account name. */
  accountIds: string[];
  accountCount: number;
  ouCount: number;
};

const KINDS = new Set<string>(["root", "ou", "account"]);
const kindOrder: Record<OrgNodeKind, number> = { root: 0, ou: 1, account: 2 };

/** Builds the in-memory tree. Rows of unknown kind, or whose parent is missing, are left out rather than crashing. */
export function assembleOrgTree(rows: readonly OrgNodeRow[], policies: readonly OrgPolicySummary[]): OrgTreeData {
  const nodes = new Map<string, OrgTreeNode>();
  for (const row of rows) {
    if (!KINDS.has(row.kind)) continue;
    const kind = row.kind as OrgNodeKind;
    const searchText = `${row.name}\u0000${row.id}`.toLowerCase();
    nodes.set(row.id, { ...row, kind, childIds: [], searchText });
  }
  let rootId: string | null = null;
  let accountCount = 0;
  let ouCount = 0;
  for (const node of nodes.values()) {
    if (node.kind === "root") rootId ??= node.id;
    if (node.kind === "account") accountCount += 1;
    if (node.kind === "ou") ouCount += 1;
    if (node.parentId) nodes.get(node.parentId)?.childIds.push(node.id);
  }
  const byName = (a: string, b: string) => compareNodes(nodes.get(a)!, nodes.get(b)!);
  for (const node of nodes.values()) node.childIds.sort(byName);
  const accountIds = [...nodes.values()]
    .filter((node) => node.kind === "account")
    .map((node) => node.id)
    .sort(byName);
  return { rootId, nodes, policies: new Map(policies.map((policy) => [policy.id, policy])), accountIds, accountCount, ouCount };
}

function compareNodes(a: OrgTreeNode, b: OrgTreeNode): number {
  return kindOrder[a.kind] - kindOrder[b.kind] || a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id);
}

export type InheritedPolicy = { policyId: string; fromIds: string[] };

/**
 * SCPs a node inherits: everything attached to its ancestors, root first. AWS evaluates every level of the path,
 * so a policy attached at two levels is listed once with both sources.
 */
export function listInheritedPolicies(tree: Pick<OrgTreeData, "nodes">, nodeId: string): InheritedPolicy[] {
  const node = tree.nodes.get(nodeId);
  if (!node) return [];
  const byPolicy = new Map<string, string[]>();
  for (const ancestorId of node.path) {
    for (const policyId of tree.nodes.get(ancestorId)?.policyIds ?? []) {
      const from = byPolicy.get(policyId);
      if (from) from.push(ancestorId);
      else byPolicy.set(policyId, [ancestorId]);
    }
  }
  return [...byPolicy].map(([policyId, fromIds]) => ({ policyId, fromIds }));
}

/** OU ids on an account's path, root excluded: the `ouPath` access rules match against. */
export const ouPathOf = (node: Pick<OrgTreeNode, "path">) => node.path.filter((id) => id.startsWith("ou-"));
