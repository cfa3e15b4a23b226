import "server-only";
import { getDb } from "@/lib/db/client";
import type { ScpDocument } from "./scp-match";

/** The SCPs attached at each level of an account's path (root, OUs, the account), from the stored organization. */
export async function scpLevelsFor(accountId: string): Promise<ScpDocument[][]> {
  const db = getDb();
  const account = await db.orgNode.findFirst({ where: { id: accountId, kind: "account" }, select: { path: true } });
  if (!account) return [];
  const ids = [...account.path, accountId];
  const nodes = await db.orgNode.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, policyIds: true } });
  const policies = await db.orgPolicy.findMany({
    where: { id: { in: nodes.flatMap((node) => node.policyIds) } },
    select: { id: true, name: true, content: true },
  });
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  return ids.flatMap((id) => {
    const node = nodes.find((candidate) => candidate.id === id);
    if (!node) return [];
    return [
      node.policyIds.flatMap((policyId) => {
        const policy = byId.get(policyId);
        return policy ? [{ policyId, policyName: policy.name, attachedTo: node.name, content: policy.content }] : [];
      }),
    ];
  });
}
