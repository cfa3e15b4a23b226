import { describe, expect, it } from "vitest";
import { findInstanceGrant, instanceFilterFor, listPermittedRoles } from "@/lib/access";
import { ACCOUNTS, ADA, ALL_ACCOUNTS, DANA, INSTANCES, NORA, loadDemoPolicy } from "./seed";

const policy = loadDemoPolicy();

describe("listPermittedRoles (tree marks)", () => {
  it("gives Dana ReadOnly in the Service and Sandbox accounts and Developer where granted", () => {
    expect(listPermittedRoles(DANA, ALL_ACCOUNTS, policy)).toEqual({
      "333333333333": [{ roleName: "ReadOnly", profileId: "developer", requireReason: false }],
      "444444444444": [
        { roleName: "ReadOnly", profileId: "developer", requireReason: false },
        { roleName: "Developer", profileId: "developer", requireReason: false },
      ],
      "555555555555": [
        { roleName: "ReadOnly", profileId: "developer", requireReason: false },
        { roleName: "Developer", profileId: "developer", requireReason: false },
      ],
    });
  });

  it("gives Ada Admin and ReadOnly everywhere, and Nora nothing", () => {
    const ada = listPermittedRoles(ADA, ALL_ACCOUNTS, policy);
    expect(Object.keys(ada)).toEqual(ALL_ACCOUNTS.map((account) => account.id));
    expect(ada["111111111111"]?.map((role) => role.roleName)).toEqual(["Admin", "ReadOnly"]);
    expect(listPermittedRoles(NORA, ALL_ACCOUNTS, policy)).toEqual({});
  });

  it("leaves out accounts that are not active", () => {
    const closed = { ...ACCOUNTS.apiDev, status: "PENDING_CLOSURE" };
    expect(listPermittedRoles(DANA, [closed], policy)).toEqual({});
  });
});

describe("instanceFilterFor and findInstanceGrant (instance lists)", () => {
  it("filters Dana's API Dev listing to Name=Develop, as Developer, with a reason required", () => {
    const filter = instanceFilterFor(DANA, ACCOUNTS.apiDev, "us-east-1", policy);
    expect(filter).toEqual({
      accountId: "444444444444",
      region: "us-east-1",
      grants: [{ profileId: "developer", roleName: "Developer", tags: { Name: ["Develop"] }, requireReason: true }],
    });
    expect(findInstanceGrant(filter, INSTANCES.apiDevEast.tags)?.profileId).toBe("developer");
    expect(findInstanceGrant(filter, { Name: "Production" })).toBeUndefined();
    expect(findInstanceGrant(filter, {})).toBeUndefined();
  });

  it("gives Dana no grant in API Prod and Ada an unfiltered one", () => {
    expect(instanceFilterFor(DANA, ACCOUNTS.apiProd, "us-east-1", policy).grants).toEqual([]);
    const ada = instanceFilterFor(ADA, ACCOUNTS.apiProd, "us-east-1", policy);
    expect(ada.grants).toEqual([{ profileId: "admin", roleName: "Admin", requireReason: false }]);
    expect(findInstanceGrant(ada, INSTANCES.prod.tags)?.roleName).toBe("Admin");
  });

  it("grants nothing for a malformed region or an inactive account", () => {
    expect(instanceFilterFor(ADA, ACCOUNTS.apiProd, "us east", policy).grants).toEqual([]);
    expect(instanceFilterFor(ADA, { ...ACCOUNTS.apiProd, status: "SUSPENDED" }, "us-east-1", policy).grants).toEqual([]);
  });
});
