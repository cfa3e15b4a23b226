import { describe, expect, it } from "vitest";
import { searchOrgTree } from "@/lib/org/search-tree";
import { buildSeedTree } from "./seed-tree";

const tree = buildSeedTree();

describe("tree search", () => {
  it("finds an account by part of its id, with its ancestors in tree order", () => {
    expect(searchOrgTree(tree, "444")).toEqual({
      total: 1,
      matchIds: ["444444444444"],
      nodeIds: ["r-gh00", "ou-gh00-service1", "ou-gh00-api00001", "444444444444"],
    });
  });

  it("matches account and OU names case-insensitively, ignoring surrounding spaces", () => {
    expect(searchOrgTree(tree, "  SANDBOX ").matchIds).toEqual(["ou-gh00-sandbox1", "555555555555"]);
    expect(searchOrgTree(tree, "api").matchIds).toEqual(["ou-gh00-api00001", "444444444444", "333333333333"]);
  });

  it("finds an OU by id and never matches the root itself", () => {
    expect(searchOrgTree(tree, "ou-gh00-admin001").matchIds).toEqual(["ou-gh00-admin001"]);
    expect(searchOrgTree(tree, "root").total).toBe(0);
  });

  it("answers nothing for an empty query or no match", () => {
    expect(searchOrgTree(tree, "   ")).toEqual({ total: 0, matchIds: [], nodeIds: [] });
    expect(searchOrgTree(tree, "no-such-account")).toEqual({ total: 0, matchIds: [], nodeIds: [] });
  });

  it("counts every match but returns only the first ones, with just their ancestors", () => {
    const result = searchOrgTree(tree, "a", 2);
    expect(result.total).toBe(8); // Admin, Audit, Custodian, Sandbox, Developer Sandbox, Service's API, API Dev, API Prod
    expect(result.matchIds).toEqual(["ou-gh00-admin001", "222222222222"]);
    expect(result.nodeIds).toEqual(["r-gh00", "ou-gh00-admin001", "222222222222"]);
  });
});
