import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseAccessPolicy, type AccessPolicy } from "@/lib/access";
import { peopleFromStaticGroups } from "@/lib/admin-access/people-source";
import { parseStaticGroupsYaml } from "@/lib/auth/groups";
import { diffEffectiveAccess, summarizeDiff } from "@/lib/profile-versions/access-diff";
import type { SeedInput } from "../../../sandbox/seed/schema";
import { accountsFromSeed } from "../../support/seed-accounts";

// The change in effective access between two profile texts, for the demo's people and organization: what people get,
// not how the text looks. Each "after" is the demo text edited one way; the expected change follows from that edit.

const root = path.resolve(__dirname, "../../..");
const demoText = readFileSync(path.join(root, "config/demo/access-profiles.yaml"), "utf8");
const people = [
  ...peopleFromStaticGroups(parseStaticGroupsYaml(readFileSync(path.join(root, "config/demo/groups.yaml"), "utf8"))),
  { email: "nora@example.com", groups: [] },
];
const accounts = accountsFromSeed(parse(readFileSync(path.join(root, "sandbox/seed/default.yaml"), "utf8")) as SeedInput);
const API_DEV = accounts.find((account) => account.id === "444444444444")!;

function policyOf(text: string): AccessPolicy {
  const parsed = parseAccessPolicy(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.policy;
}
const before = policyOf(demoText);
const diff = (afterText: string) => diffEffectiveAccess({ people, accounts, before, after: policyOf(afterText) });

describe("the change in effective access", () => {
  it("is nothing for the same profiles, or the same profiles with other comments and layout", () => {
    const same = diff(`# reformatted\n${demoText.replace(/\n\n/g, "\n")}`);
    expect(same.people).toEqual([]);
    expect(same.totals).toEqual({ people: 0, gainedRoles: 0, lostRoles: 0, gainedRules: 0, lostRules: 0 });
    expect(summarizeDiff(same)).toBe("no change in effective access");
    expect(same.adminsAfter).toEqual(["ada@example.com"]);
  });

  it("names the role a person gains, in which account and through which profile", () => {
    const changed = diff(
      demoText.replace(
        `- { accounts: ["444444444444", "555555555555"], roles: [Developer] }`,
        `- { accounts: ["444444444444", "555555555555"], roles: [Developer] }\n      - { accounts: ["444444444444"], roles: [Admin] }`,
      ),
    );
    expect(changed.people).toEqual([
      {
        email: "dana@example.com",
        gainedRoles: [{ accountId: "444444444444", accountName: API_DEV.name, roleName: "Admin", profileId: "developer" }],
        lostRoles: [],
        gainedRules: [],
        lostRules: [],
      },
    ]);
    expect(changed.profiles).toEqual({ added: [], removed: [], changed: ["developer"] });
    expect(summarizeDiff(changed)).toBe("1 person: +1 role; profiles changed developer");
  });

  it("names lost instance and forwarding rules, and a lost administrator", () => {
    const noDeveloperGroup = demoText.replace("groups: [developers@example.com]", "groups: []");
    const changed = diff(noDeveloperGroup);
    const dana = changed.people.find((person) => person.email === "dana@example.com")!;
    expect(dana.gainedRoles).toEqual([]);
    expect(dana.lostRoles.length).toBeGreaterThan(0);
    expect(dana.lostRules.map((rule) => rule.kind).sort()).toEqual(["forward", "shell"]);
    expect(dana.lostRules.find((rule) => rule.kind === "forward")!.summary).toContain("ports 5432");

    const noAdmin = diff(demoText.replace("groups: [admins@example.com]", "groups: []"));
    expect(noAdmin.people.find((person) => person.email === "ada@example.com")).toMatchObject({ admin: false });
    expect(noAdmin.adminsAfter).toEqual([]);
    expect(summarizeDiff(noAdmin)).toContain("ada@example.com is no longer an administrator");
  });

  it("sees no change when a rule moves to another profile that the same people hold", () => {
    // Dana's Develop-instance rule granted to her by user email in a new profile instead of through the group profile.
    const moved = demoText
      .replace(
        /    instances:\n      - accounts: \["444444444444", "555555555555"\]\n        regions: all\n        tags: \{ Name: \[Develop\] \}\n        role: Developer\n/,
        "",
      )
      .concat(
        `\n  - id: dana-shells\n    name: Dana's shells\n    custodianRole: arn:aws:iam::111111111111:role/CustodianDeveloper\n    grantedTo: { users: [dana@example.com] }\n    instances:\n      - { accounts: ["444444444444", "555555555555"], regions: all, tags: { Name: [Develop] }, role: Developer }\n`,
      );
    expect(policyOf(moved).profiles.find((profile) => profile.id === "developer")!.instances).toEqual([]);
    const changed = diff(moved);
    expect(changed.people).toEqual([]);
    expect(changed.profiles.added).toEqual(["dana-shells"]);
  });
});
