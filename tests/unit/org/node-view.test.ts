import { describe, expect, it } from "vitest";
import { computeUserAccess, listChildViews, toNodeView } from "@/lib/org/node-view";
import { ADA, DANA, loadDemoPolicy, NORA } from "../access/seed";
import { buildSeedTree, SEED_NODES } from "./seed-tree";

const tree = buildSeedTree();
const policy = loadDemoPolicy();
const rolesIn = (access: ReturnType<typeof computeUserAccess>, id: string) => (access.permitted[id] ?? []).map((role) => role.roleName);

describe("the tree as one user sees it", () => {
  it("marks Admin and ReadOnly everywhere for an administrator", () => {
    const access = computeUserAccess(tree, ADA, policy);
    expect(rolesIn(access, "333333333333")).toEqual(["Admin", "ReadOnly"]);
    expect(access.enterableBelow.get("r-gh00")).toBe(5);
  });

  it("marks Developer only on API Dev and the sandbox for a developer, and counts their accounts per OU", () => {
    const access = computeUserAccess(tree, DANA, policy);
    expect(rolesIn(access, "444444444444")).toEqual(["ReadOnly", "Developer"]);
    expect(rolesIn(access, "333333333333")).toEqual(["ReadOnly"]);
    expect(rolesIn(access, "111111111111")).toEqual([]);
    expect(access.enterableBelow.get("ou-gh00-service1")).toBe(2);
    expect(access.enterableBelow.get("ou-gh00-admin001")).toBeUndefined();
    expect(access.enterableBelow.get("r-gh00")).toBe(3);
  });

  it("marks nothing for someone without a profile, and nothing in a suspended account", () => {
    expect(computeUserAccess(tree, NORA, policy).permitted).toEqual({});
    const suspended = buildSeedTree(SEED_NODES.map((node) => (node.id === "333333333333" ? { ...node, status: "SUSPENDED" } : node)));
    expect(rolesIn(computeUserAccess(suspended, ADA, policy), "333333333333")).toEqual([]);
  });

  it("ships a node with its direct and inherited SCPs (with source names) and the user's roles", () => {
    const access = computeUserAccess(tree, DANA, policy);
    const view = toNodeView(tree, tree.nodes.get("555555555555")!, access);
    expect(view).toMatchObject({
      kind: "account",
      name: "Developer Sandbox",
      parentId: "ou-gh00-sandbox1",
      childCount: 0,
      status: "ACTIVE",
      policyIds: ["p-FullAWSAccess"],
    });
    expect(view.inherited).toContainEqual({ policyId: "p-regionlock1", from: [{ id: "ou-gh00-sandbox1", name: "Sandbox" }] });
    expect(view.roles.map((role) => role.roleName)).toEqual(["ReadOnly", "Developer"]);
    expect(listChildViews(tree, "r-gh00", access)!.nodes.map((child) => [child.name, child.childCount, child.enterableCount])).toEqual([
      ["Admin", 2, 0],
      ["Sandbox", 1, 1],
      ["Service", 1, 2],
    ]);
    expect(listChildViews(tree, "ou-gh00-nowhere1", access)).toBeNull();
  });

  it("pages the children of a crowded node", () => {
    const access = computeUserAccess(tree, DANA, policy);
    const page = listChildViews(tree, "r-gh00", access, 1, 1)!;
    expect({ names: page.nodes.map((child) => child.name), offset: page.offset, total: page.total }).toEqual({ names: ["Sandbox"], offset: 1, total: 3 });
    expect(listChildViews(tree, "r-gh00", access, 3)!.nodes).toEqual([]);
  });
});
