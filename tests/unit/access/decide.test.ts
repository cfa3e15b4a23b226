import { describe, expect, it } from "vitest";
import { decide, type AccessRequest, type AccountInfo, type Decision, type Subject } from "@/lib/access";
import { ACCOUNTS, ADA, ALL_ACCOUNTS, DANA, ENGINEER, INSTANCES, NORA, accountById, loadDemoPolicy } from "./seed";

const policy = loadDemoPolicy();

/** Decides with the account the org tree knows for the request's account id, as a route would. */
function ask(subject: Subject, request: AccessRequest, account?: AccountInfo): Decision {
  const accountId = "accountId" in request ? request.accountId : undefined;
  return decide(subject, request, { policy, account: account ?? (accountId ? accountById(accountId) : undefined) });
}

const consoleOpen = (accountId: string, roleName: string, reason?: string): AccessRequest => ({ action: "console:open", accountId, roleName, reason });
type Instance = { accountId: string; region: string; instanceId: string; tags: Record<string, string> };
const shellOpen = (instance: Instance, reason?: string): AccessRequest => ({ action: "shell:open", ...instance, reason });

describe("Ada (admins)", () => {
  it("opens Admin and ReadOnly in every account through the admin profile", () => {
    for (const account of ALL_ACCOUNTS) {
      for (const role of ["Admin", "ReadOnly"]) {
        const decision = ask(ADA, consoleOpen(account.id, role));
        expect(decision).toMatchObject({ allowed: true, roleName: role, profile: { id: "admin" } });
      }
    }
    expect(ask(ADA, consoleOpen("333333333333", "Admin")).reason).toBe("Profile admin grants role Admin in account 333333333333 (API Prod).");
  });

  it("is refused a role no profile names", () => {
    expect(ask(ADA, consoleOpen("444444444444", "Developer"))).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Your profiles (admin) do not grant role Developer in account 444444444444 (API Dev). They grant Admin and ReadOnly there.",
    });
  });

  it("opens a shell on every instance, production included, as Admin and without a reason", () => {
    for (const instance of Object.values(INSTANCES)) {
      expect(ask(ADA, shellOpen(instance))).toMatchObject({ allowed: true, roleName: "Admin", profile: { id: "admin" } });
    }
  });

  it("may run the admin actions", () => {
    for (const action of ["admin:sync", "audit:view-all", "sessions:view-all", "org:view"] as const) {
      expect(ask(ADA, { action })).toMatchObject({ allowed: true, profile: { id: "admin" } });
    }
  });
});

describe("Dana (developers)", () => {
  it("opens Developer in API Dev and the sandbox", () => {
    expect(ask(DANA, consoleOpen("444444444444", "Developer"))).toMatchObject({
      allowed: true,
      roleName: "Developer",
      profile: { id: "developer", custodianRole: "arn:aws:iam::111111111111:role/CustodianDeveloper" },
      reason: "Profile developer grants role Developer in account 444444444444 (API Dev).",
    });
    expect(ask(DANA, consoleOpen("555555555555", "Developer")).allowed).toBe(true);
  });

  it("opens ReadOnly across the Service OU tree (nested API OU) and the Sandbox OU, not the Admin OU", () => {
    for (const account of [ACCOUNTS.apiProd, ACCOUNTS.apiDev, ACCOUNTS.sandbox]) expect(ask(DANA, consoleOpen(account.id, "ReadOnly")).allowed).toBe(true);
    expect(ask(DANA, consoleOpen("111111111111", "ReadOnly"))).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Your profiles (developer) grant no role in account 111111111111 (Custodian).",
    });
  });

  it("is refused Admin in API Prod, told what she does have there", () => {
    const decision = ask(DANA, consoleOpen("333333333333", "Admin"));
    expect(decision).toMatchObject({ allowed: false, code: "not-granted" });
    expect(decision.reason).toBe("Your profiles (developer) do not grant role Admin in account 333333333333 (API Prod). They grant ReadOnly there.");
  });

  it("is refused Developer in API Prod", () => {
    expect(ask(DANA, consoleOpen("333333333333", "Developer"))).toMatchObject({ allowed: false, code: "not-granted" });
  });

  it("is refused the production instance: her profile reaches no instance in API Prod", () => {
    expect(ask(DANA, shellOpen(INSTANCES.prod, "debugging"))).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Your profiles (developer) do not reach any instance in account 333333333333 (API Prod).",
    });
  });

  it("is refused a Production-tagged instance in an account she does reach, naming both tags", () => {
    const prodInDev = { ...INSTANCES.apiDevEast, instanceId: "i-0b00000000000000f", tags: { Name: "Production" } };
    expect(ask(DANA, shellOpen(prodInDev, "debugging"))).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Instance i-0b00000000000000f is tagged Name=Production; your profile developer only reaches instances tagged Name=Develop.",
    });
  });

  it("is refused the untagged hybrid node in the sandbox", () => {
    expect(ask(DANA, shellOpen(INSTANCES.sandboxHybrid, "debugging")).reason).toBe(
      "Instance mi-0c000000000000002 has no Name tag; your profile developer only reaches instances tagged Name=Develop.",
    );
  });

  it("must give a reason for a shell, then opens Develop instances as Developer in both regions", () => {
    expect(ask(DANA, shellOpen(INSTANCES.apiDevEast))).toEqual({
      allowed: false,
      code: "reason-required",
      reason: "Profile developer requires a reason to open a shell; say why you need instance i-0b000000000000001.",
    });
    expect(ask(DANA, shellOpen(INSTANCES.apiDevEast, "   ")).allowed).toBe(false);
    for (const instance of [INSTANCES.apiDevEast, INSTANCES.apiDevWest, INSTANCES.sandboxDev, INSTANCES.sandboxLost]) {
      expect(ask(DANA, shellOpen(instance, "ticket DEV-42"))).toMatchObject({ allowed: true, roleName: "Developer", profile: { id: "developer" } });
    }
  });

  it("lists instances where her profile reaches, as Developer, and nowhere else", () => {
    expect(ask(DANA, { action: "instances:list", accountId: "444444444444", region: "eu-west-1" })).toMatchObject({ allowed: true, roleName: "Developer" });
    expect(ask(DANA, { action: "instances:list", accountId: "333333333333", region: "us-east-1" })).toMatchObject({ allowed: false, code: "not-granted" });
  });

  it("views the org but not the admin pages", () => {
    expect(ask(DANA, { action: "org:view" })).toMatchObject({ allowed: true, profile: { id: "developer" } });
    expect(ask(DANA, { action: "admin:sync" })).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Only administrators may sync the organization; your profiles (developer) are not administrator profiles.",
    });
    expect(ask(DANA, { action: "audit:view-all" })).toMatchObject({ allowed: false, code: "not-granted" });
  });
});

describe("users without a profile", () => {
  const everything: AccessRequest[] = [
    { action: "org:view" },
    { action: "admin:sync" },
    { action: "audit:view-all" },
    { action: "sessions:view-all" },
    ...ALL_ACCOUNTS.flatMap((account) => ["Admin", "ReadOnly", "Developer"].map((role) => consoleOpen(account.id, role, "please"))),
    ...Object.values(INSTANCES).map((instance) => shellOpen(instance, "please")),
    ...ALL_ACCOUNTS.map((account): AccessRequest => ({ action: "instances:list", accountId: account.id, region: "us-east-1" })),
  ];

  it("Nora (no groups) is denied everything", () => {
    for (const request of everything) {
      expect(ask(NORA, request)).toEqual({
        allowed: false,
        code: "no-profile",
        reason: "You have no access profile: you are in no group that grants one. Ask an administrator for access.",
      });
    }
  });

  it("the engineering group alone grants nothing", () => {
    for (const request of everything) expect(ask(ENGINEER, request)).toMatchObject({ allowed: false, code: "no-profile" });
    expect(ask(ENGINEER, { action: "org:view" }).reason).toContain("none of your groups (engineering@example.com) is granted one");
  });
});

describe("the OU selector", () => {
  it("includes an account added later to a nested OU of the Service OU", () => {
    const added: AccountInfo = { id: "666666666666", name: "API Staging", status: "ACTIVE", ouPath: ["ou-gh00-service1", "ou-gh00-api00001"] };
    expect(ask(DANA, consoleOpen(added.id, "ReadOnly"), added)).toMatchObject({ allowed: true, profile: { id: "developer" } });
    // The Developer role and shells were granted by account id, so they do not follow the OU.
    expect(ask(DANA, consoleOpen(added.id, "Developer"), added)).toMatchObject({ allowed: false, code: "not-granted" });
  });

  it("stops applying when the account moves out of the OU", () => {
    const moved: AccountInfo = { ...ACCOUNTS.apiProd, ouPath: ["ou-gh00-admin001"] };
    expect(ask(DANA, consoleOpen(moved.id, "ReadOnly"), moved)).toMatchObject({ allowed: false, code: "not-granted" });
  });
});

describe("the account must exist and be active", () => {
  it("refuses an account the org tree does not know, or a context for another account", () => {
    expect(ask(ADA, consoleOpen("999999999999", "Admin"))).toEqual({
      allowed: false,
      code: "unknown-account",
      reason: "Account 999999999999 is not in the organization.",
    });
    expect(ask(ADA, consoleOpen("333333333333", "Admin"), ACCOUNTS.apiDev)).toMatchObject({ allowed: false, code: "unknown-account" });
  });

  it("refuses a suspended account even to an administrator", () => {
    const suspended = { ...ACCOUNTS.audit, status: "SUSPENDED" };
    expect(ask(ADA, consoleOpen(suspended.id, "Admin"), suspended)).toEqual({
      allowed: false,
      code: "account-inactive",
      reason: "Account 222222222222 (Audit) is SUSPENDED; only active accounts can be reached.",
    });
  });
});
