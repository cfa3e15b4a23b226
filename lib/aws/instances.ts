import "server-only";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { DescribeInstanceInformationCommand, ListTagsForResourceCommand, type InstanceInformation } from "@aws-sdk/client-ssm";
import { mapConcurrent } from "@/lib/util/map-concurrent";
import { ec2Client, ssmClient, type Credentials } from "./clients";

// Managed nodes of one account and region as Session Manager sees them (SSM DescribeInstanceInformation), joined
// with their tags: EC2 DescribeInstances for i- nodes, SSM ListTagsForResource for hybrid mi- nodes (neither API
// alone has both; docs/aws-facts.md#reading-node-tags). Called with the user's own assumed target role, so AWS
// decides what it may read.

export type InstanceTags = Record<string, string>;

export interface ManagedInstance {
  instanceId: string;
  pingStatus: string;
  lastPingAt: string | null;
  agentVersion: string | null;
  platformType: string | null;
  platformName: string | null;
  platformVersion: string | null;
  resourceType: string | null;
  ipAddress: string | null;
  computerName: string | null;
  tags: InstanceTags;
}

// EC2 takes at most 200 values per filter; SSM at most 50 results per page.
const EC2_FILTER_VALUES = 200;
const SSM_PAGE = 50;
// A pathological NextToken loop must end; 10,000 pages is far beyond any real account.
const MAX_PAGES = 10_000;
const HYBRID_TAG_CONCURRENCY = 4;

const toTags = (list: readonly { Key?: string; Value?: string }[] | undefined): InstanceTags =>
  Object.fromEntries((list ?? []).filter((tag) => tag.Key !== undefined).map((tag) => [tag.Key as string, tag.Value ?? ""]));

function toManagedInstance(info: InstanceInformation, tags: InstanceTags): ManagedInstance {
  return {
    instanceId: info.InstanceId ?? "",
    pingStatus: info.PingStatus ?? "Unknown",
    lastPingAt: info.LastPingDateTime?.toISOString() ?? null,
    agentVersion: info.AgentVersion ?? null,
    platformType: info.PlatformType ?? null,
    platformName: info.PlatformName ?? null,
    platformVersion: info.PlatformVersion ?? null,
    resourceType: info.ResourceType ?? null,
    ipAddress: info.IPAddress ?? null,
    computerName: info.ComputerName ?? null,
    tags,
  };
}

async function describeNodes(region: string, credentials: Credentials, instanceIds?: string[]): Promise<InstanceInformation[]> {
  const client = ssmClient(region, credentials);
  const nodes: InstanceInformation[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.send(
      new DescribeInstanceInformationCommand({
        MaxResults: SSM_PAGE,
        NextToken: nextToken,
        ...(instanceIds ? { Filters: [{ Key: "InstanceIds", Values: instanceIds }] } : {}),
      }),
    );
    nodes.push(...(answer.InstanceInformationList ?? []));
    nextToken = answer.NextToken;
    if (!nextToken) break;
  }
  return nodes.filter((node) => node.InstanceId);
}

/** Tags of EC2 instances by id; ids EC2 does not know simply get none. */
async function readEc2Tags(region: string, credentials: Credentials, instanceIds: string[]): Promise<Map<string, InstanceTags>> {
  const client = ec2Client(region, credentials);
  const tags = new Map<string, InstanceTags>();
  for (let start = 0; start < instanceIds.length; start += EC2_FILTER_VALUES) {
    // A filter, not InstanceIds: an id EC2 no longer knows must not fail the whole batch (InvalidInstanceID.NotFound).
    const Filters = [{ Name: "instance-id", Values: instanceIds.slice(start, start + EC2_FILTER_VALUES) }];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await client.send(new DescribeInstancesCommand({ Filters, MaxResults: 1000, NextToken: nextToken }));
      for (const instance of (answer.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? [])) {
        if (instance.InstanceId) tags.set(instance.InstanceId, toTags(instance.Tags));
      }
      nextToken = answer.NextToken;
      if (!nextToken) break;
    }
  }
  return tags;
}

async function readHybridTags(region: string, credentials: Credentials, instanceId: string): Promise<InstanceTags> {
  const answer = await ssmClient(region, credentials).send(new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: instanceId }));
  return toTags(answer.TagList);
}

async function joinTags(region: string, credentials: Credentials, nodes: InstanceInformation[]): Promise<ManagedInstance[]> {
  const ids = nodes.map((node) => node.InstanceId as string);
  const ec2Ids = ids.filter((id) => !id.startsWith("mi-"));
  const ec2Tags = ec2Ids.length > 0 ? await readEc2Tags(region, credentials, ec2Ids) : new Map<string, InstanceTags>();
  const hybrid = ids.filter((id) => id.startsWith("mi-"));
  const hybridTags = await mapConcurrent(hybrid, HYBRID_TAG_CONCURRENCY, (id) => readHybridTags(region, credentials, id));
  const failed = hybridTags.find((result) => !result.ok);
  // Without its tags a node cannot be matched against the access rules, so a failure fails the listing.
  if (failed && !failed.ok) throw failed.error;
  const byHybridId = new Map(hybrid.map((id, index) => [id, (hybridTags[index] as { value: InstanceTags }).value]));
  return nodes.map((node) => {
    const id = node.InstanceId as string;
    return toManagedInstance(node, byHybridId.get(id) ?? ec2Tags.get(id) ?? {});
  });
}

/** Every managed node in the credentials' account and `region`, with its tags. */
export async function listManagedInstances(region: string, credentials: Credentials): Promise<ManagedInstance[]> {
  return joinTags(region, credentials, await describeNodes(region, credentials));
}

/** One managed node with its tags, or null when Session Manager does not know it in this account and region. */
export async function describeManagedInstance(region: string, credentials: Credentials, instanceId: string): Promise<ManagedInstance | null> {
  let nodes: InstanceInformation[];
  try {
    nodes = await describeNodes(region, credentials, [instanceId]);
  } catch (error) {
    // Real SSM refuses a filter naming an id it does not know; that is "no such node" here.
    if ((error as { name?: string }).name === "InvalidInstanceId") return null;
    throw error;
  }
  const node = nodes.find((candidate) => candidate.InstanceId === instanceId);
  if (!node) return null;
  const [instance] = await joinTags(region, credentials, [node]);
  return instance ?? null;
}
