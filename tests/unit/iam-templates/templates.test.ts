import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { AccessPolicy } from "@/lib/access";
import { templateDocument } from "@/lib/iam-templates/documents";
import { planRoles } from "@/lib/iam-templates/plan";
import { TemplateInputError } from "@/lib/iam-templates/role-arns";
import type { TemplateOptions } from "@/lib/iam-templates/templates";
import type { SeedInput } from "../../../sandbox/seed/schema";
import { accountsFromSeed } from "../../support/seed-accounts";
import { loadDemoPolicy } from "../access/seed";

// The generated CloudFormation templates for the demo profiles and the sandbox organization: who each role trusts,
// what it may do, where the StackSets deploy, and that hostile names never reach a template.

const root = path.resolve(__dirname, "../../..");
const seed = parse(readFileSync(path.join(root, "sandbox/seed/default.yaml"), "utf8")) as SeedInput;
const org = { rootId: seed.root.id, accounts: accountsFromSeed(seed) };
const policy = loadDemoPolicy();
const BROKER = "arn:aws:iam::111111111111:user/gatehouse-broker";
const options: TemplateOptions = { partition: "aws", region: "us-east-1", broker: { mode: "keys", principalArn: BROKER } };
const CHAIN = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON as parsed; the tests check it by value
type Loose = any;
type Role = { Type: string; Properties: Record<string, Loose> };
const generate = (kind: "custodian" | "targets" | "management", p: AccessPolicy = policy, o: TemplateOptions = options) =>
  JSON.parse(templateDocument(kind, p, org, o).body) as { Parameters?: Record<string, Loose>; Resources: Record<string, Role>; Description: string };
const byName = (resources: Record<string, Role>): Record<string, Role> =>
  Object.fromEntries(Object.values(resources).map((r) => [r.Properties.RoleName ?? r.Properties.StackSetName, r]));

describe("the Custodian template", () => {
  const template = generate("custodian");
  const roles = byName(template.Resources);

  it("has one role per distinct Custodian role, trusting the broker for AssumeRole, TagSession and SetSourceIdentity", () => {
    expect(Object.keys(roles).sort()).toEqual(["CustodianAdmin", "CustodianDeveloper"]);
    expect(template.Parameters!.BrokerPrincipalArn.Default).toBe(BROKER);
    for (const role of Object.values(roles)) {
      expect(role.Type).toBe("AWS::IAM::Role");
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Sid: "GatehouseBroker", Effect: "Allow", Principal: { AWS: { Ref: "BrokerPrincipalArn" } }, Action: CHAIN },
      ]);
    }
  });

  it("lets each Custodian role assume exactly the target roles its profiles name, in any account", () => {
    const resources = (name: string) => roles[name]!.Properties.Policies[0].PolicyDocument.Statement[0];
    expect(resources("CustodianAdmin")).toMatchObject({ Action: CHAIN, Resource: ["arn:aws:iam::*:role/Admin", "arn:aws:iam::*:role/ReadOnly"] });
    expect(resources("CustodianDeveloper").Resource).toEqual(["arn:aws:iam::*:role/Developer", "arn:aws:iam::*:role/ReadOnly"]);
  });

  it("trusts Google's issuer for AssumeRoleWithWebIdentity with the audience condition in web-identity mode", () => {
    const web = generate("custodian", policy, { ...options, broker: { mode: "web-identity", issuerHost: "accounts.google.com", audience: "client-1" } });
    const statement = Object.values(web.Resources)[0]!.Properties.AssumeRolePolicyDocument.Statement[0];
    expect(statement).toMatchObject({
      Principal: { Federated: "accounts.google.com" },
      Action: ["sts:AssumeRoleWithWebIdentity"],
      Condition: { StringEquals: { "accounts.google.com:aud": "client-1" } },
    });
    expect(web.Parameters).toBeUndefined();
  });
});

describe("the target-role StackSets", () => {
  const template = generate("targets");
  const sets = byName(template.Resources);

  it("are service-managed, auto-deployed, one per target role, each role trusting the Custodian roles that reach it", () => {
    expect(Object.keys(sets).sort()).toEqual(["gatehouse-role-Admin", "gatehouse-role-Developer", "gatehouse-role-ReadOnly"]);
    for (const set of Object.values(sets)) {
      expect(set.Type).toBe("AWS::CloudFormation::StackSet");
      expect(set.Properties).toMatchObject({ PermissionModel: "SERVICE_MANAGED", AutoDeployment: { Enabled: true }, Capabilities: ["CAPABILITY_NAMED_IAM"] });
    }
    const inner = (name: string) => Object.values(JSON.parse(sets[name]!.Properties.TemplateBody).Resources as Record<string, Role>)[0]!.Properties;
    expect(inner("gatehouse-role-ReadOnly").AssumeRolePolicyDocument.Statement[0]).toEqual({
      Sid: "GatehouseCustodian",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::111111111111:role/CustodianAdmin", "arn:aws:iam::111111111111:role/CustodianDeveloper"] },
      Action: CHAIN,
    });
    expect(inner("gatehouse-role-Developer").AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      AWS: ["arn:aws:iam::111111111111:role/CustodianDeveloper"],
    });
  });

  it("deploy to the root for accounts: all, to the named OUs, and to listed accounts only inside their OUs (INTERSECTION)", () => {
    const targets = (name: string) => sets[name]!.Properties.StackInstancesGroup.map((group: { DeploymentTargets: unknown }) => group.DeploymentTargets);
    expect(targets("gatehouse-role-Admin")).toEqual([{ OrganizationalUnitIds: ["r-gh00"] }]);
    expect(targets("gatehouse-role-ReadOnly")).toEqual([{ OrganizationalUnitIds: ["r-gh00"] }]);
    // Developer: accounts 444444444444 (API OU) and 555555555555 (Sandbox OU), listed by id.
    expect(targets("gatehouse-role-Developer")).toEqual([
      { OrganizationalUnitIds: ["ou-gh00-api00001", "ou-gh00-sandbox1"], Accounts: ["444444444444", "555555555555"], AccountFilterType: "INTERSECTION" },
    ]);
    expect(sets["gatehouse-role-Developer"]!.Properties.StackInstancesGroup[0].Regions).toEqual(["us-east-1"]);
  });

  it("drop listed accounts an OU target already covers", () => {
    const developer = policy.profiles.find((profile) => profile.id === "developer")!;
    const plan = planRoles(
      {
        version: 1,
        profiles: [{ ...developer, accountRoles: [{ ous: ["ou-gh00-service1"], accounts: ["444444444444", "555555555555"], roles: ["Developer"] }] }],
      },
      org,
    );
    expect(plan.targets[0]!.deploymentTargets).toEqual([
      { OrganizationalUnitIds: ["ou-gh00-service1"] },
      { OrganizationalUnitIds: ["ou-gh00-sandbox1"], Accounts: ["555555555555"], AccountFilterType: "INTERSECTION" },
    ]);
  });

  it("say that StackSets skip the management account, and the management template holds every target role as a plain stack", () => {
    expect(template.Description).toMatch(/never deploy to the management account/);
    const management = generate("management");
    expect(management.Description).toMatch(/management account/);
    expect(Object.keys(byName(management.Resources)).sort()).toEqual(["Admin", "Developer", "ReadOnly"]);
    expect(management.Parameters!.RoleAdminManagedPolicyArns.Default).toBe("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(management.Parameters!.RoleReadOnlyManagedPolicyArns.Default).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
  });

  it("let each target role simulate its own policies, for Gatehouse's why-not", () => {
    for (const [name, role] of Object.entries(byName(generate("management").Resources))) {
      expect(role.Properties.Policies).toEqual([
        {
          PolicyName: "GatehouseExplain",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "SimulateOwnPolicies",
                Effect: "Allow",
                Action: "iam:SimulatePrincipalPolicy",
                Resource: { "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}` },
              },
            ],
          },
        },
      ]);
    }
  });

  it("need the organization's root id for accounts: all", () => {
    expect(() => planRoles(policy, { rootId: null, accounts: [] })).toThrow(/not been synced/);
  });
});

describe("roles used by shell and port-forwarding rules", () => {
  it("are Custodian permissions and target roles too, even when no console rule names them", () => {
    const developer = policy.profiles.find((profile) => profile.id === "developer")!;
    const shells = { ...developer, instances: [{ ...developer.instances[0]!, role: "ShellOnly" }], portForwarding: [] };
    const plan = planRoles({ version: 1, profiles: [shells] }, org);
    expect(plan.custodians[0]!.targetRoles).toEqual(["Developer", "ReadOnly", "ShellOnly"]);
    expect(plan.targets.find((target) => target.roleName === "ShellOnly")).toMatchObject({
      trustedBy: ["arn:aws:iam::111111111111:role/CustodianDeveloper"],
      deploymentTargets: [
        { OrganizationalUnitIds: ["ou-gh00-api00001", "ou-gh00-sandbox1"], Accounts: ["444444444444", "555555555555"], AccountFilterType: "INTERSECTION" },
      ],
    });
  });
});

describe("hostile names", () => {
  const admin = policy.profiles[0]!;
  const hostile = (patch: Partial<AccessPolicy["profiles"][number]>): AccessPolicy => ({ version: 1, profiles: [{ ...admin, ...patch }] });

  it.each([
    ["a role name with a newline and YAML", { accountRoles: [{ accounts: "all" as const, roles: ["Admin\n  Type: AWS::IAM::User"] }] }],
    ["a role name with quotes", { accountRoles: [{ accounts: "all" as const, roles: ['Admin"}'] }] }],
    ["a Custodian ARN that is not one", { custodianRole: "arn:aws:iam::111111111111:role/Bad Name" }],
    ["a Custodian ARN with an injected account", { custodianRole: "arn:aws:iam::*:role/CustodianAdmin" }],
  ])("refuses %s", (_, patch) => {
    expect(() => templateDocument("custodian", hostile(patch), org, options)).toThrow(TemplateInputError);
  });

  it("keeps an allowed-but-unusual name a plain value and a role path a Path", () => {
    const template = generate("management", hostile({ accountRoles: [{ accounts: "all", roles: ["team/Dev+Ops@x"] }], instances: [], portForwarding: [] }));
    const role = Object.values(template.Resources)[0]!;
    expect(role.Properties).toMatchObject({ RoleName: "Dev+Ops@x", Path: "/team/" });
    expect(Object.keys(template.Resources)).toEqual(["RoleDevOpsx"]);
  });
});
