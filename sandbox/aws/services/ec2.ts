import { createHash } from "node:crypto";
import { InvalidNextTokenError } from "../pagination";
import { AwsError } from "../protocol/errors";
import { el, list, node, queryList, queryStructList, type QueryParams } from "../protocol/query-protocol";
import type { Instance } from "../state/world";
import { requireAllowed, type ApiContext } from "./context";

// EC2 (EC2 Query, Version 2016-11-15): DescribeInstances and DescribeRegions for the caller's account and the
// region in the credential scope. Hybrid nodes (mi-) are SSM-only and never appear here.

interface Filter {
  name: string;
  values: string[];
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

function matches(instance: Instance, filter: Filter): boolean {
  const anyValue = (candidate: string | undefined) => candidate !== undefined && filter.values.some((v) => globToRegExp(v).test(candidate));
  if (filter.name === "instance-id") return anyValue(instance.id);
  if (filter.name === "instance-state-name") return anyValue(instance.state);
  if (filter.name === "tag-key") return Object.keys(instance.tags).some(anyValue);
  if (filter.name.startsWith("tag:")) return anyValue(instance.tags[filter.name.slice(4)]);
  throw new AwsError("InvalidParameterValue", `The filter '${filter.name}' is invalid`, 400);
}

function instanceXml(x: Instance): string {
  const code = x.state === "running" ? 16 : 80;
  const ipDash = x.ipAddress.replaceAll(".", "-");
  const suffix = x.region === "us-east-1" ? "ec2.internal" : `${x.region}.compute.internal`;
  const windows = x.platformType === "Windows";
  return [
    el("instanceId", x.id),
    el("imageId", x.imageId),
    node("instanceState", el("code", code), el("name", x.state)),
    el("privateDnsName", x.computerName ?? `ip-${ipDash}.${suffix}`),
    "<dnsName/>",
    el("instanceType", x.instanceType),
    el("launchTime", x.launchTime),
    node("placement", el("availabilityZone", `${x.region}a`), "<groupName/>", el("tenancy", "default")),
    windows ? el("platform", "windows") : "",
    node("monitoring", el("state", "disabled")),
    el("subnetId", `subnet-${hex(`${x.accountId}/${x.region}/subnet`, 17)}`),
    el("vpcId", `vpc-${hex(`${x.accountId}/${x.region}/vpc`, 17)}`),
    el("privateIpAddress", x.ipAddress),
    el("architecture", "x86_64"),
    el("rootDeviceType", "ebs"),
    el("rootDeviceName", "/dev/xvda"),
    list(
      "tagSet",
      "item",
      Object.entries(x.tags).map(([k, v]) => el("key", k) + el("value", v)),
    ),
    el("virtualizationType", "hvm"),
    el("platformDetails", windows ? "Windows" : "Linux/UNIX"),
  ].join("");
}

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

async function describeInstances(ctx: ApiContext, params: QueryParams): Promise<string> {
  await requireAllowed(ctx, { action: "ec2:DescribeInstances", resource: "*", withResource: false });
  const ids = queryList(params, "InstanceId");
  const filters = queryStructList(params, "Filter").map((f) => ({
    name: f.get("Name") ?? "",
    values: [...f.entries()].filter(([k]) => k.startsWith("Value.")).map(([, v]) => v),
  }));
  const maxRaw = params.get("MaxResults");
  const maxResults = maxRaw === undefined ? undefined : Number(maxRaw);
  if (maxResults !== undefined && ids.length > 0) {
    throw new AwsError("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults", 400);
  }
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000)) {
    throw new AwsError("InvalidParameterValue", `Value ( ${maxRaw} ) for parameter maxResults is invalid. Expecting a value greater than 5.`, 400);
  }
  const here = ctx.world.instancesIn(ctx.caller.accountId, ctx.region).filter((x) => x.resourceType === "EC2Instance");
  for (const id of ids) {
    if (!/^i-[0-9a-f]{8,17}$/.test(id)) throw new AwsError("InvalidInstanceID.Malformed", `Invalid id: "${id}"`, 400);
    if (!here.some((x) => x.id === id)) throw new AwsError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`, 400);
  }
  const selected = here.filter((x) => (ids.length === 0 || ids.includes(x.id)) && filters.every((f) => matches(x, f)));
  let page;
  try {
    page = ctx.paginator.page(selected, {
      queryKey: `ec2/DescribeInstances/${ctx.caller.accountId}/${ctx.region}/${JSON.stringify([ids, filters])}`,
      ...(maxResults !== undefined ? { maxResults } : {}),
      ...(params.get("NextToken") ? { nextToken: params.get("NextToken") } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidNextTokenError) throw new AwsError("InvalidPaginationToken", "The specified pagination token is not valid or is expired.", 400);
    throw error;
  }
  const reservations = page.items.map(
    (x) =>
      el("reservationId", `r-${hex(`${x.id}/reservation`, 17)}`) + el("ownerId", x.accountId) + "<groupSet/>" + list("instancesSet", "item", [instanceXml(x)]),
  );
  return list("reservationSet", "item", reservations) + el("nextToken", page.nextToken);
}

async function describeRegions(ctx: ApiContext, params: QueryParams): Promise<string> {
  await requireAllowed(ctx, { action: "ec2:DescribeRegions", resource: "*", withResource: false });
  const names = queryList(params, "RegionName");
  for (const name of names) {
    if (!ctx.world.regions.includes(name)) throw new AwsError("InvalidParameterValue", `Invalid region: ${name}`, 400);
  }
  const regions = ctx.world.regions.filter((r) => names.length === 0 || names.includes(r));
  return list(
    "regionInfo",
    "item",
    regions.map((r) => el("regionName", r) + el("regionEndpoint", `ec2.${r}.amazonaws.com`) + el("optInStatus", "opt-in-not-required")),
  );
}

export const ec2Handlers: Record<string, (ctx: ApiContext, params: QueryParams) => Promise<string>> = {
  DescribeInstances: describeInstances,
  DescribeRegions: describeRegions,
};
