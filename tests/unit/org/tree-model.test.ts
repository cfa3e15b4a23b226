import { describe, expect, it } from "vitest";
import { buildNodeRows } from "@/lib/org/snapshot-rows";
import { assembleOrgTree, listInheritedPolicies, ouPathOf } from "@/lib/org/tree-model";
import { buildSeedTree, SEED_NODES } from "./seed-tree";

const names = (tree: ReturnType<typeof buildSeedTree>, id: string) => tree.nodes.get(id)!.childIds.map((child) => tree.nodes.get(child)!.name);

describe("tree assembly", () => {
  it("nests OUs and accounts under their parents, OUs before accounts, each by name", () => {
    const tree = buildSeedTree();
    expect(tree.rootId).toBe("r-gh00");
    expect(names(tree, "r-gh00")).toEqual(["Admin", "Sandbox", "Service"]);
    expect(names(tree, "ou-gh00-admin001")).toEqual(["Audit", "Custodian"]);
    expect(names(tree, "ou-gh00-api00001")).toEqual(["API Dev", "API Prod"]);
    expect(tree.accountIds).toEqual(["444444444444", "333333333333", "222222222222", "111111111111", "555555555555"]);
    expect({ accounts: tree.accountCount, ous: tree.ouCount }).toEqual({ accounts: 5, ous: 4 });
  });

  it("stores each node's ancestors from the root down and its depth", () => {
    const rows = buildNodeRows({ nodes: SEED_NODES }, "sync");
    const apiDev = rows.find((row) => row.id === "444444444444")!;
    expect(apiDev).toMatchObject({ path: ["r-gh00", "ou-gh00-service1", "ou-gh00-api00001"], depth: 3, syncId: "sync" });
    expect(ouPathOf(apiDev)).toEqual(["ou-gh00-service1", "ou-gh00-api00001"]);
    expect(rows[0]).toMatchObject({ id: "r-gh00", path: [], depth: 0 });
  });

  it("refuses a snapshot with no root, two roots or a node whose parent is missing", () => {
    const withoutRoot = SEED_NODES.filter((node) => node.kind !== "root");
    expect(() => buildNodeRows({ nodes: withoutRoot }, "s")).toThrow("0 roots");
    const twoRoots = [...SEED_NODES, { ...SEED_NODES.find((node) => node.kind === "root")!, id: "r-other" }];
    expect(() => buildNodeRows({ nodes: twoRoots }, "s")).toThrow("2 roots");
    const orphan = [...SEED_NODES, { ...SEED_NODES[0]!, id: "666666666666", parentId: "ou-gh00-nowhere1" }];
    expect(() => buildNodeRows({ nodes: orphan }, "s")).toThrow("666666666666 has parent ou-gh00-nowhere1");
  });

  it("skips rows of an unknown kind", () => {
    const rows = buildNodeRows({ nodes: SEED_NODES }, "s");
    const tree = assembleOrgTree([...rows, { ...rows[1]!, id: "x-1", kind: "policy" }], []);
    expect(tree.nodes.has("x-1")).toBe(false);
    expect(tree.nodes.size).toBe(rows.length);
  });
});

describe("inherited SCPs", () => {
  const tree = buildSeedTree();

  it("lists every ancestor's policies, root first, with where each comes from", () => {
    expect(listInheritedPolicies(tree, "555555555555")).toEqual([
      { policyId: "p-FullAWSAccess", fromIds: ["r-gh00", "ou-gh00-sandbox1"] },
      { policyId: "p-denyleave1", fromIds: ["r-gh00"] },
      { policyId: "p-regionlock1", fromIds: ["ou-gh00-sandbox1"] },
    ]);
  });

  it("reaches through nested OUs: API Dev inherits RegionRestriction from Service, two levels up", () => {
    const inherited = listInheritedPolicies(tree, "444444444444");
    expect(inherited.find((entry) => entry.policyId === "p-regionlock1")).toEqual({ policyId: "p-regionlock1", fromIds: ["ou-gh00-service1"] });
    expect(inherited.find((entry) => entry.policyId === "p-FullAWSAccess")!.fromIds).toEqual(["r-gh00", "ou-gh00-service1", "ou-gh00-api00001"]);
  });

  it("gives the root nothing to inherit and an unknown id nothing at all", () => {
    expect(listInheritedPolicies(tree, "r-gh00")).toEqual([]);
    expect(listInheritedPolicies(tree, "999999999999")).toEqual([]);
  });
});
