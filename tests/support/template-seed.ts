// Loads the AWS::IAM::Role resources of Gatehouse's generated templates into a sandbox seed, the way CloudFormation
// would create them: the Custodian stack in the identity account, each StackSet's role in every account under its
// target OUs (INTERSECTION: only the listed accounts; never the management account), and the management-account
// stack there. Parameters take their defaults; the two AWS managed policies the templates default to become inline
// documents with the same intent.
import type { Seed } from "../../sandbox/seed/schema";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON as parsed; the tests check it by value
type Loose = any;
type Json = Record<string, Loose>;
type Template = { Parameters?: Json; Resources: Record<string, { Type: string; Properties: Json }> };

const MANAGED: Record<string, Json> = {
  AdministratorAccess: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  ReadOnlyAccess: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["ec2:Describe*", "ssm:Describe*", "ssm:List*", "organizations:Describe*", "organizations:List*"], Resource: "*" }],
  },
};

/**
 * Replaces { Ref: Param } with the parameter's default (a list for CommaDelimitedList), and { "Fn::Sub" } of the
 * pseudo parameters with the partition and the seed's per-account placeholder.
 */
function resolve(value: unknown, parameters: Json): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, parameters));
  if (value && typeof value === "object") {
    const sub = (value as Json)["Fn::Sub"];
    if (typeof sub === "string" && Object.keys(value).length === 1) {
      return sub.replaceAll("${AWS::Partition}", "aws").replaceAll("${AWS::AccountId}", "{{accountId}}");
    }
    const ref = (value as Json).Ref;
    if (typeof ref === "string" && Object.keys(value).length === 1) {
      const parameter = parameters[ref];
      if (!parameter || parameter.Default === undefined) throw new Error(`template parameter ${ref} has no default`);
      return parameter.Type === "CommaDelimitedList" ? String(parameter.Default).split(",") : parameter.Default;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, parameters)]));
  }
  return value;
}

function seedRolesOf(template: Template, accounts: string[]): Seed["iam"]["roles"] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === "AWS::IAM::Role")
    .map((resource) => {
      const p = resolve(resource.Properties, template.Parameters ?? {}) as Json;
      const managed = ((p.ManagedPolicyArns ?? []) as string[]).map((arn) => {
        const name = arn.split("/").pop()!;
        if (!MANAGED[name]) throw new Error(`no sandbox stand-in for managed policy ${arn}`);
        return { name, document: MANAGED[name] };
      });
      const inline = ((p.Policies ?? []) as Json[]).map((policy) => ({ name: policy.PolicyName, document: policy.PolicyDocument }));
      return {
        name: p.RoleName,
        path: p.Path ?? "/",
        accounts,
        description: "",
        maxSessionDuration: p.MaxSessionDuration ?? 3600,
        trustPolicy: p.AssumeRolePolicyDocument,
        policies: [...inline, ...managed],
        tags: {},
      } as Seed["iam"]["roles"][number];
    });
}

/** The accounts a StackSet's DeploymentTargets reach in the seed's organization (never the management account). */
function stackSetAccounts(seed: Seed, targets: { OrganizationalUnitIds: string[]; Accounts?: string[]; AccountFilterType?: string }): string[] {
  const parents = new Map<string, string>(seed.organizationalUnits.map((ou) => [ou.id, ou.parentId]));
  const under = (parentId: string, target: string) => {
    for (let id: string | undefined = parentId; id; id = parents.get(id)) if (id === target) return true;
    return false;
  };
  return seed.accounts
    .filter((account) => account.id !== seed.organization.managementAccountId)
    .filter((account) => targets.OrganizationalUnitIds.some((ou) => under(account.parentId, ou)))
    .filter((account) => targets.AccountFilterType !== "INTERSECTION" || (targets.Accounts ?? []).includes(account.id))
    .map((account) => account.id);
}

/** A copy of `seed` whose IAM roles are exactly what the three templates create. */
export function seedFromTemplates(seed: Seed, templates: { custodian: Template; targets: Template; management: Template }, identityAccountId: string): Seed {
  const roles = new Map<string, Seed["iam"]["roles"][number]>();
  const add = (role: Seed["iam"]["roles"][number]) => {
    const known = roles.get(role.name);
    if (known && JSON.stringify(known.trustPolicy) !== JSON.stringify(role.trustPolicy))
      throw new Error(`role ${role.name} is created with two trust policies`);
    const accounts = [...new Set([...(known?.accounts === "all" ? [] : (known?.accounts ?? [])), ...(role.accounts as string[])])];
    roles.set(role.name, { ...role, accounts });
  };
  for (const role of seedRolesOf(templates.custodian, [identityAccountId])) add(role);
  for (const resource of Object.values(templates.targets.Resources)) {
    if (resource.Type !== "AWS::CloudFormation::StackSet") continue;
    const inner = JSON.parse(resource.Properties.TemplateBody) as Template;
    const accounts = [...new Set((resource.Properties.StackInstancesGroup as Json[]).flatMap((group) => stackSetAccounts(seed, group.DeploymentTargets)))];
    if (accounts.length) for (const role of seedRolesOf(inner, accounts)) add(role);
  }
  for (const role of seedRolesOf(templates.management, [seed.organization.managementAccountId])) add(role);
  return { ...seed, iam: { ...seed.iam, roles: [...roles.values()] } };
}
