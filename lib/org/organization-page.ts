import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";
import { listChildViews, listPolicyViews, toNodeView, type ChildPage, type OrgNodeView, type OrgPolicyView } from "./node-view";
import { loadOrgViewer } from "./org-access";
import { toSyncView, type OrgSyncStatusView } from "./sync-status";

// The tree page's data loader: everything from the database (and the in-memory copy of the tree), nothing from AWS.
// Only the root and its children are sent; deeper levels load on expand. The benchmark calls this function.

export type OrganizationPageData =
  | { kind: "denied"; reason: string }
  | {
      kind: "ok";
      mayAdminSync: boolean;
      sync: OrgSyncStatusView;
      tree: { syncId: string; root: OrgNodeView; rootChildren: ChildPage; policies: OrgPolicyView[] } | null;
    };

export async function loadOrganizationPage(user: Actor): Promise<OrganizationPageData> {
  let viewer;
  try {
    viewer = await loadOrgViewer(user);
  } catch (error) {
    if (error instanceof ServiceError && error.status === 403) return { kind: "denied", reason: error.message };
    throw error;
  }
  const { tree, access, mayAdminSync } = viewer;
  const sync = { lastSync: toSyncView(tree.lastSync), lastSuccess: toSyncView(tree.lastSuccess) };
  const rootNode = tree.rootId ? tree.nodes.get(tree.rootId) : undefined;
  if (!rootNode || !tree.syncId) return { kind: "ok", mayAdminSync, sync, tree: null };
  return {
    kind: "ok",
    mayAdminSync,
    sync,
    tree: {
      syncId: tree.syncId,
      root: toNodeView(tree, rootNode, access),
      rootChildren: listChildViews(tree, rootNode.id, access) ?? { nodes: [], offset: 0, total: 0 },
      policies: listPolicyViews(tree),
    },
  };
}
