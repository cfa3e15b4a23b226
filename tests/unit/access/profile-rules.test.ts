import { describe, expect, it } from "vitest";
import { decide, parseAccessPolicy, profilesFor, type AccessPolicy, type AccessRequest, type AccountInfo, type Subject } from "@/lib/access";

// A policy beyond the demo: overlapping profiles, user grants, excluded tags, regions and a console reason.
const POLICY_TEXT = `version: 1
profiles:
  - id: oncall
    name: On-call
    custodianRole: arn:aws:iam::111111111111:role/CustodianOncall
    grantedTo: { users: [Sam@Example.com] }
    accountRoles:
      - { accounts: all, excludeAccounts: ["111111111111"], roles: [ops/Operator] }
    instances:
      - { accounts: all, regions: [us-east-1], tags: { Team: [web-*] }, excludeTags: { Env: [prod*] }, role: ops/Operator }
    requireReason: { console: true }
  - id: viewer
    name: Viewer
    custodianRole: arn:aws:iam::111111111111:role/CustodianViewer
    grantedTo: { groups: [Staff@Example.com] }
    accountRoles:
      - { accounts: all, roles: [ReadOnly, ops/Operator] }
`;

function parsePolicy(text: string): AccessPolicy {
  const result = parseAccessPolicy(text);
  if (!result.ok) throw new Error(result.message);
  return result.policy;
}

const policy = parsePolicy(POLICY_TEXT);
const SAM: Subject = { sub: "s-1", email: "sam@example.com", groups: ["staff@example.com"] };
const STAFF: Subject = { sub: "s-2", email: "pat@example.com", groups: ["STAFF@example.com"] };
const web: AccountInfo = { id: "777777777777", name: "Web", status: "ACTIVE", ouPath: ["ou-gh00-web00001"] };
const custodian: AccountInfo = { id: "111111111111", name: "Custodian", status: "ACTIVE", ouPath: [] };

const ask = (subject: Subject, request: AccessRequest, account: AccountInfo = web) => decide(subject, request, { policy, account });
const shell = (tags: Record<string, string>, region = "us-east-1", reason = "incident 7"): AccessRequest => ({
  action: "shell:open",
  accountId: web.id,
  region,
  instanceId: "i-0123456789abcdef0",
  tags,
  reason,
});

describe("profile membership", () => {
  it("matches users and groups by email, ignoring case, in file order", () => {
    expect(profilesFor(SAM, policy).map((profile) => profile.id)).toEqual(["oncall", "viewer"]);
    expect(profilesFor(STAFF, policy).map((profile) => profile.id)).toEqual(["viewer"]);
    expect(profilesFor({ sub: "x", email: "nobody@example.com", groups: [] }, policy)).toEqual([]);
  });
});

describe("several profiles allowing", () => {
  it("uses the first in file order and names it", () => {
    const decision = ask(SAM, { action: "console:open", accountId: web.id, roleName: "ops/Operator", reason: "incident 7" });
    expect(decision).toMatchObject({
      allowed: true,
      profile: { id: "oncall" },
      reason: "Profile oncall grants role ops/Operator in account 777777777777 (Web).",
    });
  });

  it("keeps the first profile's reason requirement rather than switching profile", () => {
    expect(ask(SAM, { action: "console:open", accountId: web.id, roleName: "ops/Operator" })).toEqual({
      allowed: false,
      code: "reason-required",
      reason: "Profile oncall requires a reason to open the console; say why you need role ops/Operator in account 777777777777 (Web).",
    });
  });

  it("falls through to a later profile where the first grants nothing", () => {
    expect(ask(SAM, { action: "console:open", accountId: custodian.id, roleName: "ops/Operator" }, custodian)).toMatchObject({
      allowed: true,
      profile: { id: "viewer" },
    });
    expect(ask(SAM, { action: "console:open", accountId: web.id, roleName: "ReadOnly" })).toMatchObject({ allowed: true, profile: { id: "viewer" } });
  });
});

describe("instance rules", () => {
  it("allow wildcard tag values", () => {
    expect(ask(SAM, shell({ Team: "web-frontend", Env: "staging" }))).toMatchObject({ allowed: true, profile: { id: "oncall" }, roleName: "ops/Operator" });
  });

  it("exclude by tag, saying which tag", () => {
    expect(ask(SAM, shell({ Team: "web-frontend", Env: "production" }))).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Instance i-0123456789abcdef0 is tagged Env=production, which your profile oncall excludes.",
    });
  });

  it("refuse other regions, naming the ones allowed", () => {
    expect(ask(SAM, shell({ Team: "web-frontend" }, "eu-west-1")).reason).toBe(
      "Your profile oncall reaches instances in account 777777777777 (Web) only in us-east-1, not in eu-west-1.",
    );
    expect(ask(SAM, { action: "instances:list", accountId: web.id, region: "eu-west-1" })).toMatchObject({ allowed: false, code: "not-granted" });
  });

  it("refuse tags that do not match the pattern", () => {
    expect(ask(SAM, shell({ Team: "api" })).reason).toBe(
      "Instance i-0123456789abcdef0 is tagged Team=api; your profile oncall only reaches instances tagged Team=web-*.",
    );
  });

  it("are not implied by an account role grant", () => {
    expect(ask(STAFF, shell({ Team: "web-frontend" }))).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Your profiles (viewer) do not reach any instance in account 777777777777 (Web).",
    });
  });
});

describe("excludeAccounts", () => {
  it("removes an account from an all-accounts rule", () => {
    const onlyOncall = parsePolicy(POLICY_TEXT.split("  - id: viewer")[0] ?? "");
    const decision = decide(
      SAM,
      { action: "console:open", accountId: custodian.id, roleName: "ops/Operator", reason: "x" },
      { policy: onlyOncall, account: custodian },
    );
    expect(decision).toEqual({ allowed: false, code: "not-granted", reason: "Your profiles (oncall) grant no role in account 111111111111 (Custodian)." });
  });
});
