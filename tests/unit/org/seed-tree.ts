// The sandbox seed organization as the sync stores it, for the tree, search and view tests.
import { buildNodeRows } from "@/lib/org/snapshot-rows";
import { assembleOrgTree, type OrgPolicySummary } from "@/lib/org/tree-model";
import type { OrgSnapshotNode } from "@/lib/aws/organization";

const node = (
  id: string,
  kind: OrgSnapshotNode["kind"],
  name: string,
  parentId: string | null,
  policyIds: string[],
  extra: Partial<OrgSnapshotNode> = {},
): OrgSnapshotNode => ({
  id,
  kind,
  name,
  parentId,
  email: null,
  status: null,
  joinedAt: null,
  policyIds,
  ...extra,
});
const account = (id: string, name: string, parentId: string, status = "ACTIVE") =>
  node(id, "account", name, parentId, ["p-FullAWSAccess"], { email: `${name.toLowerCase().replace(/ /g, "-")}@example.com`, status });

// Listed out of order on purpose: the tree sorts, the sync does not.
export const SEED_NODES: OrgSnapshotNode[] = [
  account("555555555555", "Developer Sandbox", "ou-gh00-sandbox1"),
  account("333333333333", "API Prod", "ou-gh00-api00001"),
  account("444444444444", "API Dev", "ou-gh00-api00001"),
  node("ou-gh00-sandbox1", "ou", "Sandbox", "r-gh00", ["p-FullAWSAccess", "p-regionlock1"]),
  node("ou-gh00-api00001", "ou", "API", "ou-gh00-service1", ["p-FullAWSAccess"]),
  node("r-gh00", "root", "Root", null, ["p-FullAWSAccess", "p-denyleave1"]),
  node("ou-gh00-service1", "ou", "Service", "r-gh00", ["p-FullAWSAccess", "p-regionlock1"]),
  node("ou-gh00-admin001", "ou", "Admin", "r-gh00", ["p-FullAWSAccess"]),
  account("222222222222", "Audit", "ou-gh00-admin001"),
  account("111111111111", "Custodian", "ou-gh00-admin001"),
];

export const SEED_POLICIES: OrgPolicySummary[] = [
  { id: "p-FullAWSAccess", name: "FullAWSAccess", description: null, awsManaged: true },
  { id: "p-regionlock1", name: "RegionRestriction", description: null, awsManaged: false },
  { id: "p-denyleave1", name: "DenyLeaveOrganization", description: null, awsManaged: false },
];

export function buildSeedTree(nodes: OrgSnapshotNode[] = SEED_NODES) {
  return assembleOrgTree(buildNodeRows({ nodes }, "00000000-0000-0000-0000-000000000001"), SEED_POLICIES);
}
