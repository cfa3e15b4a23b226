import { logicalIdFor, parseRoleName } from "./role-arns";
import type { RolePlan, TargetRolePlan } from "./plan";

// CloudFormation templates for the roles the profiles need (facts and sources: docs/iam-templates.md). Built as
// plain objects and serialized as JSON, so no profile value can change the template's structure.

export type BrokerTrust =
  /** BROKER_MODE keys or role: the broker's IAM user or role ARN (a parameter, defaulting to the known one). */
  | { mode: "keys" | "role"; principalArn: string | null }
  /** BROKER_MODE web-identity: the user's Google ID token goes straight to the Custodian role. */
  | { mode: "web-identity"; issuerHost: string; audience: string };

export interface TemplateOptions {
  partition: string;
  broker: BrokerTrust;
  /** The one Region the StackSet deploys to (IAM is global). */
  region: string;
}

type Json = Record<string, unknown>;

/** What every hop of Gatehouse's chain asks the next role's trust policy for (lib/aws/role-chain.ts). */
export const CHAIN_TRUST_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] as const;

const version = "2012-10-17";
const DEFAULT_POLICY: Record<string, string> = { admin: "AdministratorAccess" };

/** Sensible default managed policy for a target role: AdministratorAccess for names containing "admin", else ReadOnlyAccess. */
export function defaultManagedPolicy(partition: string, roleName: string): string {
  const key = Object.keys(DEFAULT_POLICY).find((word) => roleName.toLowerCase().includes(word));
  return `arn:${partition}:iam::aws:policy/${key ? DEFAULT_POLICY[key] : "ReadOnlyAccess"}`;
}

/** The Custodian roles, one stack in the identity account. */
export function custodianTemplate(plan: RolePlan, options: TemplateOptions): Json {
  const taken = new Set<string>();
  const parameters: Json = {};
  let principal: Json;
  let trustActions: string[];
  let condition: Json | undefined;
  if (options.broker.mode === "web-identity") {
    principal = { Federated: options.broker.issuerHost };
    trustActions = ["sts:AssumeRoleWithWebIdentity"];
    condition = { StringEquals: { [`${options.broker.issuerHost}:aud`]: options.broker.audience } };
  } else {
    parameters.BrokerPrincipalArn = {
      Type: "String",
      Description: "ARN of Gatehouse's broker (the IAM user whose keys it holds, or BROKER_ROLE_ARN)",
      AllowedPattern: "^arn:aws[a-z-]*:iam::\\d{12}:(user|role)/.+$",
      ...(options.broker.principalArn ? { Default: options.broker.principalArn } : {}),
    };
    principal = { AWS: { Ref: "BrokerPrincipalArn" } };
    trustActions = [...CHAIN_TRUST_ACTIONS];
  }
  const resources: Json = {};
  for (const custodian of plan.custodians) {
    const id = logicalIdFor("Custodian", custodian.role.name, taken);
    resources[id] = {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: custodian.role.name,
        Path: custodian.role.path,
        Description: `Gatehouse Custodian role for profiles: ${custodian.profileIds.join(", ")}`.slice(0, 1000),
        MaxSessionDuration: custodian.maxSessionSeconds,
        AssumeRolePolicyDocument: {
          Version: version,
          Statement: [{ Sid: "GatehouseBroker", Effect: "Allow", Principal: principal, Action: trustActions, ...(condition ? { Condition: condition } : {}) }],
        },
        Policies: custodian.targetRoles.length
          ? [
              {
                PolicyName: "AssumeTargetRoles",
                PolicyDocument: {
                  Version: version,
                  Statement: [
                    {
                      Sid: "AssumeTargetRoles",
                      Effect: "Allow",
                      Action: [...CHAIN_TRUST_ACTIONS],
                      Resource: custodian.targetRoles.map((role) => targetArnPattern(options.partition, role)),
                    },
                  ],
                },
              },
            ]
          : [],
      },
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "Gatehouse Custodian roles (deploy as a stack in the account that holds them). Generated from the access profiles.",
    ...(Object.keys(parameters).length ? { Parameters: parameters } : {}),
    Resources: resources,
    Outputs: Object.fromEntries(Object.keys(resources).map((id) => [`${id}Arn`, { Value: { "Fn::GetAtt": [id, "Arn"] } }])),
  };
}

/** The target roles as one plain stack: what the StackSet deploys, and what to deploy yourself in the management account. */
export function targetRolesTemplate(targets: readonly TargetRolePlan[], options: Pick<TemplateOptions, "partition">, description: string): Json {
  const taken = new Set<string>();
  const parameters: Json = {};
  const resources: Json = {};
  for (const target of targets) {
    const { name, path } = parseRoleName(target.roleName);
    const id = logicalIdFor("Role", name, taken);
    parameters[`${id}ManagedPolicyArns`] = {
      Type: "CommaDelimitedList",
      Description: `Managed policies attached to ${name}`,
      Default: defaultManagedPolicy(options.partition, name),
    };
    resources[id] = {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: name,
        Path: path,
        Description: "Gatehouse target role, assumed through the Custodian roles",
        MaxSessionDuration: target.maxSessionSeconds,
        AssumeRolePolicyDocument: {
          Version: version,
          Statement: [{ Sid: "GatehouseCustodian", Effect: "Allow", Principal: { AWS: target.trustedBy }, Action: [...CHAIN_TRUST_ACTIONS] }],
        },
        ManagedPolicyArns: { Ref: `${id}ManagedPolicyArns` },
        // Gatehouse's "why not" asks IAM what this role may do, with the role's own session (docs/explaining-access.md).
        Policies: [
          {
            PolicyName: "GatehouseExplain",
            PolicyDocument: {
              Version: version,
              Statement: [
                {
                  Sid: "SimulateOwnPolicies",
                  Effect: "Allow",
                  Action: "iam:SimulatePrincipalPolicy",
                  Resource: { "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${path}${name}` },
                },
              ],
            },
          },
        ],
      },
    };
  }
  return { AWSTemplateFormatVersion: "2010-09-09", Description: description, Parameters: parameters, Resources: resources };
}

/**
 * One service-managed StackSet per target role, auto-deployed to the OUs the profiles name. A role per StackSet,
 * because each role goes to different accounts. Create this stack in the management account (or as a delegated
 * administrator with CallAs DELEGATED_ADMIN); StackSets never deploy to the management account itself.
 */
export function stackSetTemplate(plan: RolePlan, options: TemplateOptions): Json {
  const taken = new Set<string>();
  const resources: Json = {};
  for (const target of plan.targets) {
    const { name } = parseRoleName(target.roleName);
    const id = logicalIdFor("StackSet", name, taken);
    resources[id] = {
      Type: "AWS::CloudFormation::StackSet",
      Properties: {
        StackSetName: `gatehouse-role-${name.replace(/[^A-Za-z0-9-]/g, "-")}`.slice(0, 128),
        Description: `Gatehouse target role ${name} in the accounts the access profiles grant it in`,
        PermissionModel: "SERVICE_MANAGED",
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: ["CAPABILITY_NAMED_IAM"],
        ManagedExecution: { Active: true },
        StackInstancesGroup: target.deploymentTargets.map((targets) => ({ DeploymentTargets: targets, Regions: [options.region] })),
        TemplateBody: JSON.stringify(targetRolesTemplate([target], options, `Gatehouse target role ${name}`)),
      },
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "Gatehouse target roles as service-managed StackSets (create in the management account). StackSets never deploy to the management account: deploy the management-account template there as a plain stack.",
    Resources: resources,
  };
}

function targetArnPattern(partition: string, roleName: string): string {
  const { path, name } = parseRoleName(roleName);
  return `arn:${partition}:iam::*:role${path}${name}`;
}
