import "server-only";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { recordAudit } from "@/lib/audit/record";
import { ServiceError } from "@/lib/errors";
import { listChildViews, toNodeView } from "./node-view";
import { readNodeTags } from "./node-tags";
import { loadOrgViewer } from "./org-access";
import { getPolicyDocument } from "./policies";
import { searchOrgTree } from "./search-tree";
import { startOrgSync } from "./start-sync";
import { toSyncView } from "./sync-status";
import { getSyncStatus } from "./tree";

// The organization tree's services: every one checks "org:view" (or "admin:sync") through loadOrgViewer / decide()
// for the actor first. The tree itself comes from the database, never from AWS on a page load.

export async function listOrgChildren({ actor, input }: { actor: Actor; input: { parent: string; offset: number } }) {
  const viewer = await loadOrgViewer(actor);
  const page = listChildViews(viewer.tree, input.parent, viewer.access, input.offset);
  if (!page) throw new ServiceError("not-found", `${input.parent} is not in the organization as last synced.`);
  return { parentId: input.parent, syncId: viewer.tree.syncId, ...page };
}

export async function searchOrganization({ actor, input }: { actor: Actor; input: { q: string } }) {
  const { tree, access } = await loadOrgViewer(actor);
  const result = searchOrgTree(tree, input.q);
  const nodes = result.nodeIds.map((id) => toNodeView(tree, tree.nodes.get(id)!, access));
  return { query: input.q, total: result.total, matchIds: result.matchIds, nodes, syncId: tree.syncId };
}

export async function readOrgPolicy({ actor, input }: { actor: Actor; input: { id: string } }) {
  await loadOrgViewer(actor); // the same rule as the tree: only people who may view the organization
  const policy = await getPolicyDocument(input.id);
  if (!policy) throw new ServiceError("not-found", `Policy ${input.id} is not in the organization as last synced.`);
  return policy;
}

/** A node's tags, for people who may view the organization, and only for a node of the stored tree. */
export async function readOrgNodeTags({ actor, input }: { actor: Actor; input: { id: string } }) {
  const { tree } = await loadOrgViewer(actor);
  if (!tree.nodes.has(input.id)) throw new ServiceError("not-found", `${input.id} is not in the organization as last synced.`);
  return readNodeTags(input.id);
}

export async function readOrgSyncStatus({ actor }: { actor: Actor }) {
  await loadOrgViewer(actor);
  const { lastSync, lastSuccess } = await getSyncStatus();
  return { lastSync: toSyncView(lastSync), lastSuccess: toSyncView(lastSuccess) };
}

export type SyncStarted = { status: "running"; syncId: string } | { status: "already-running"; syncId: string | null; message: string };

/** An administrator starts a sync now; audited allowed or denied before anything runs. */
export async function startSyncByHand({ actor }: { actor: Actor }): Promise<SyncStarted> {
  const policy = await getAccessPolicy();
  const decision = decide(subjectOf(actor), { action: "admin:sync" }, { policy });
  if (!decision.allowed) {
    await recordAudit({ action: "org.sync", outcome: "denied", actor, detail: `${decision.code}: ${decision.reason}` });
    throw new ServiceError(decision.code, decision.reason);
  }
  await recordAudit({ action: "org.sync", outcome: "allowed", actor, profileId: decision.profile.id, detail: decision.reason });
  const started = await startOrgSync({ trigger: "admin", triggeredBy: actor.email });
  if (!started.started)
    return {
      status: "already-running",
      syncId: started.runningSyncId ?? null,
      message: "A sync is already running; its result will show here when it finishes.",
    };
  return { status: "running", syncId: started.syncId };
}
