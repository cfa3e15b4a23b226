import { AwsError, validationMessage } from "../protocol/errors";
import type { Instance } from "../state/world";
import { numberParam, requireAllowed, stringParam, tagList, type ApiContext } from "./context";
import { resourceTagContext, ssmPage } from "./ssm-common";
import { sessionHandlers } from "./ssm-sessions";

// SSM (JSON 1.1, target prefix AmazonSSM): node inventory for the caller's account and region, plus the
// Session Manager calls in ssm-sessions.ts.

type Params = Record<string, unknown>;
type Handler = (ctx: ApiContext, params: Params) => Promise<unknown>;

const LEGACY_KEYS: Record<string, string> = {
  InstanceIds: "InstanceIds",
  AgentVersion: "AgentVersion",
  PingStatus: "PingStatus",
  PlatformTypes: "PlatformTypes",
  ActivationIds: "ActivationIds",
  IamRole: "IamRole",
  ResourceType: "ResourceType",
  AssociationStatus: "AssociationStatus",
};
const STRING_KEYS = new Set([...Object.keys(LEGACY_KEYS), "PlatformType", "SourceIds", "SourceTypes"]);

interface NodeFilter {
  key: string;
  values: string[];
}

function readFilters(params: Params): NodeFilter[] {
  const legacy = params.InstanceInformationFilterList as { key?: string; valueSet?: string[] }[] | undefined;
  const modern = params.Filters as { Key?: string; Values?: string[] }[] | undefined;
  if (legacy?.length && modern?.length) {
    throw new AwsError("InvalidInstanceInformationFilterValue", "InstanceInformationFilterList and Filters cannot be used together.", 400);
  }
  const filters = (legacy ?? [])
    .map((f) => ({ key: f.key ?? "", values: f.valueSet ?? [], legacy: true }))
    .concat((modern ?? []).map((f) => ({ key: f.Key ?? "", values: f.Values ?? [], legacy: false })));
  for (const f of filters) {
    const isTag = !f.legacy && (f.key === "tag-key" || f.key.startsWith("tag:"));
    if (!isTag && !(f.legacy ? f.key in LEGACY_KEYS : STRING_KEYS.has(f.key)))
      throw new AwsError("InvalidFilterKey", `The filter key ${f.key} is not valid.`, 400);
    if (f.values.length < 1 || f.values.length > 100)
      throw new AwsError("InvalidInstanceInformationFilterValue", `The filter ${f.key} needs 1 to 100 values.`, 400);
  }
  const tagCount = filters.filter((f) => f.key === "tag-key" || f.key.startsWith("tag:")).length;
  if (tagCount > 0 && tagCount < filters.length) {
    throw new AwsError("InvalidInstanceInformationFilterValue", "Tag filters can't be combined with other filter types.", 400);
  }
  return filters.map(({ key, values }) => ({ key, values }));
}

function nodeMatches(x: Instance, f: NodeFilter): boolean {
  const has = (v: string | undefined) => v !== undefined && f.values.includes(v);
  switch (f.key) {
    case "InstanceIds":
    case "SourceIds":
      return has(x.id);
    case "PingStatus":
      return has(x.pingStatus);
    case "PlatformTypes":
    case "PlatformType":
      return has(x.platformType);
    case "ResourceType":
      return has(x.resourceType);
    case "AgentVersion":
      return has(x.agentVersion);
    case "SourceTypes":
      return has(x.resourceType === "EC2Instance" ? "AWS::EC2::Instance" : "AWS::SSM::ManagedInstance");
    case "AssociationStatus":
      return has("Success");
    case "tag-key":
      return Object.keys(x.tags).some(has);
    default:
      return f.key.startsWith("tag:") ? has(x.tags[f.key.slice(4)]) : false;
  }
}

function instanceInformation(ctx: ApiContext, x: Instance) {
  const now = ctx.clock.now();
  const hybrid = x.resourceType === "ManagedInstance";
  return {
    InstanceId: x.id,
    PingStatus: x.pingStatus,
    // Online nodes pinged within the last five minutes; lost ones stopped an hour ago.
    LastPingDateTime: new Date(x.pingStatus === "Online" ? now - 60_000 : now - 3_600_000),
    AgentVersion: x.agentVersion,
    IsLatestVersion: x.isLatestVersion,
    PlatformType: x.platformType,
    PlatformName: x.platformName,
    PlatformVersion: x.platformVersion,
    ResourceType: x.resourceType,
    IPAddress: x.ipAddress,
    ComputerName: x.computerName ?? x.id,
    AssociationStatus: "Success",
    SourceId: x.id,
    SourceType: hybrid ? "AWS::SSM::ManagedInstance" : "AWS::EC2::Instance",
    ...(hybrid
      ? {
          Name: x.computerName ?? x.id,
          ActivationId: `${x.id.slice(3, 11)}-0000-4000-8000-${x.id.slice(-12)}`,
          IamRole: "SSMServiceRole",
          RegistrationDate: x.launchTime,
        }
      : {}),
  };
}

const inventoryHandlers: Record<string, Handler> = {
  async DescribeInstanceInformation(ctx, params) {
    await requireAllowed(ctx, { action: "ssm:DescribeInstanceInformation", resource: "*" });
    const maxResults = numberParam(params, "MaxResults");
    if (maxResults !== undefined && (maxResults < 5 || maxResults > 50)) {
      const bound = maxResults < 5 ? "greater than or equal to 5" : "less than or equal to 50";
      throw new AwsError("ValidationException", validationMessage(maxResults, "maxResults", `Member must have value ${bound}`), 400);
    }
    const filters = readFilters(params);
    const nodes = ctx.world.instancesIn(ctx.caller.accountId, ctx.region).filter((x) => x.state === "running" && filters.every((f) => nodeMatches(x, f)));
    const key = `ssm/DescribeInstanceInformation/${ctx.caller.accountId}/${ctx.region}/${JSON.stringify(filters)}`;
    const page = ssmPage(ctx, nodes, key, maxResults, stringParam(params, "NextToken"));
    return { InstanceInformationList: page.items.map((x) => instanceInformation(ctx, x)), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },

  async ListTagsForResource(ctx, params) {
    const resourceType = stringParam(params, "ResourceType");
    const resourceId = stringParam(params, "ResourceId");
    const types = ["Document", "ManagedInstance", "MaintenanceWindow", "Parameter", "PatchBaseline", "OpsItem", "OpsMetadata", "Automation", "Association"];
    if (!resourceType || !types.includes(resourceType)) throw new AwsError("InvalidResourceType", "The resource type is not valid.", 400);
    if (!resourceId)
      throw new AwsError(
        "ValidationException",
        "1 validation error detected: Value null at 'resourceId' failed to satisfy constraint: Member must not be null",
        400,
      );
    // Only managed nodes exist in the sandbox; EC2 instances are not SSM resources (their tags come from
    // ec2:DescribeInstances, docs/aws-facts.md#reading-node-tags), so everything else is an invalid resource id.
    const found = ctx.world.instance(resourceId);
    const here =
      resourceType === "ManagedInstance" && found?.resourceType === "ManagedInstance" && found.accountId === ctx.caller.accountId && found.region === ctx.region
        ? found
        : undefined;
    if (resourceType === "ManagedInstance") {
      const arn = `arn:aws:ssm:${ctx.region}:${ctx.caller.accountId}:managed-instance/${resourceId}`;
      await requireAllowed(ctx, { action: "ssm:ListTagsForResource", resource: arn, context: here ? resourceTagContext(here.tags) : {} });
    }
    if (!here) throw new AwsError("InvalidResourceId", "The resource ID is not valid. Verify that you entered the correct ID and try again.", 400);
    return { TagList: tagList(here.tags) };
  },
};

export const ssmHandlers: Record<string, Handler> = { ...inventoryHandlers, ...sessionHandlers };
