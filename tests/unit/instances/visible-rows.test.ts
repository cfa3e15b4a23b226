import { describe, expect, it } from "vitest";
import type { ManagedInstance } from "@/lib/aws/instances";
import { listListingTargets, toVisibleRows } from "@/lib/instances/list-instances";
import type { OrgAccount } from "@/lib/org/accounts";
import { ADA, ALL_ACCOUNTS, DANA, NORA, loadDemoPolicy } from "../access/seed";

// The glue between the access rules and what AWS returned: which account/region pairs are searched, and which
// nodes become rows (the same tag test decide() applies to a shell).

const policy = loadDemoPolicy();
const accounts: OrgAccount[] = ALL_ACCOUNTS.map((account) => ({ ...account, name: account.name ?? account.id, email: null }));
const regions = ["us-east-1", "eu-west-1"];
const user = (subject: typeof DANA) => ({ sub: subject.sub, email: subject.email, groups: subject.groups });

function node(instanceId: string, tags: Record<string, string>, extra: Partial<ManagedInstance> = {}): ManagedInstance {
  return {
    instanceId,
    pingStatus: "Online",
    lastPingAt: null,
    agentVersion: "3.3.0.0",
    platformType: "Linux",
    platformName: "Ubuntu",
    platformVersion: "24.04",
    resourceType: instanceId.startsWith("mi-") ? "ManagedInstance" : "EC2Instance",
    ipAddress: "10.0.0.1",
    computerName: null,
    tags,
    ...extra,
  };
}

const sandboxNodes = [
  node("i-0c000000000000001", { Name: "Develop" }),
  node("mi-0c000000000000002", { Environment: "sandbox" }),
  node("i-0c000000000000009", { Name: "Develop-2" }),
];

describe("listListingTargets", () => {
  it("searches only the accounts and regions a profile grants instances in, with that grant's role", () => {
    const targets = listListingTargets(user(DANA), accounts, regions, policy);
    expect(targets.map((t) => `${t.account.id}/${t.region}/${t.filter.grants[0]!.roleName}`)).toEqual([
      "444444444444/us-east-1/Developer",
      "444444444444/eu-west-1/Developer",
      "555555555555/us-east-1/Developer",
      "555555555555/eu-west-1/Developer",
    ]);
  });

  it("gives administrators every account and region, and someone without a profile nothing", () => {
    expect(listListingTargets(user(ADA), accounts, regions, policy)).toHaveLength(accounts.length * regions.length);
    expect(listListingTargets(user(NORA), accounts, regions, policy)).toEqual([]);
  });
});

describe("toVisibleRows", () => {
  const danaSandbox = listListingTargets(user(DANA), accounts, regions, policy).find((t) => t.account.id === "555555555555" && t.region === "us-east-1")!;
  const adaSandbox = listListingTargets(user(ADA), accounts, regions, policy).find((t) => t.account.id === "555555555555" && t.region === "us-east-1")!;

  it("keeps only nodes whose tags match the grant exactly (Name=Develop, not Develop-2, not untagged)", () => {
    const rows = toVisibleRows(danaSandbox, sandboxNodes);
    expect(rows.map((r) => r.instanceId)).toEqual(["i-0c000000000000001"]);
    expect(rows[0]).toMatchObject({
      name: "Develop",
      accountName: "Developer Sandbox",
      region: "us-east-1",
      requireReason: true,
      roleName: "Developer",
      platform: "Ubuntu 24.04",
    });
  });

  it("shows untagged nodes to a profile without tag rules, with no name", () => {
    const rows = toVisibleRows(adaSandbox, sandboxNodes);
    expect(rows.map((r) => [r.instanceId, r.name])).toEqual([
      ["i-0c000000000000001", "Develop"],
      ["mi-0c000000000000002", null],
      ["i-0c000000000000009", "Develop-2"],
    ]);
    expect(rows.every((r) => r.roleName === "Admin" && !r.requireReason)).toBe(true);
  });

  it("names the platform from what the agent reports, falling back to the platform type", () => {
    const [row] = toVisibleRows(adaSandbox, [node("i-0c000000000000001", {}, { platformName: null, platformVersion: null, platformType: "Windows" })]);
    expect(row!.platform).toBe("Windows");
  });
});
