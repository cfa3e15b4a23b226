import { z } from "zod";

// Where "Open console" lands. The browser names a destination only by allow-listed keys (a service id, a region,
// an instance id), and the URL is rebuilt here from those keys, so a login link can never send someone to a URL a
// page or a hand-made request supplied. Shared by the server (URL building) and the button (the picker's labels).

export const CONSOLE_SERVICES = [
  { id: "home", label: "Console home", path: "console/home" },
  { id: "ec2", label: "EC2 instances", path: "ec2/home", fragment: "#Instances:" },
  { id: "systems-manager", label: "Systems Manager", path: "systems-manager/home" },
  { id: "session-manager", label: "Session Manager sessions", path: "systems-manager/session-manager/sessions" },
  { id: "s3", label: "S3", path: "s3/home" },
  { id: "cloudwatch", label: "CloudWatch", path: "cloudwatch/home" },
  { id: "cloudtrail", label: "CloudTrail", path: "cloudtrail/home" },
  { id: "cloudformation", label: "CloudFormation", path: "cloudformation/home" },
  { id: "lambda", label: "Lambda", path: "lambda/home" },
  { id: "rds", label: "RDS", path: "rds/home" },
  { id: "iam", label: "IAM (global)", path: "iam/home", global: true },
] as const satisfies readonly { id: string; label: string; path: string; fragment?: string; global?: boolean }[];

export type ConsoleServiceId = (typeof CONSOLE_SERVICES)[number]["id"];
const SERVICE_IDS = CONSOLE_SERVICES.map((service) => service.id) as [ConsoleServiceId, ...ConsoleServiceId[]];

export type Partition = "aws" | "aws-us-gov" | "aws-cn";
const CONSOLE_HOSTS: Record<Partition, string> = {
  aws: "console.aws.amazon.com",
  "aws-us-gov": "console.amazonaws-us-gov.com",
  "aws-cn": "console.amazonaws.cn",
};

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const INSTANCE_ID = /^(?:i|mi)-[0-9a-f]{8,17}$/;
const regionSchema = z.string().regex(REGION, { error: (issue) => `expected an AWS region like us-east-1, got ${JSON.stringify(issue.input)}` });
const serviceError = `expected one of ${SERVICE_IDS.join(", ")}`;

/** A destination as a request may name it: a service page (optionally in a region) or one instance's shell page. */
export const destinationSchema = z.union(
  [
    z.strictObject({ service: z.enum(SERVICE_IDS, { error: serviceError }), region: regionSchema.optional() }),
    z.strictObject({
      instanceId: z.string().regex(INSTANCE_ID, { error: "expected an instance id like i-0123456789abcdef0" }),
      region: regionSchema,
    }),
  ],
  { error: `expected a destination such as { "service": "ec2", "region": "us-east-1" }; services: ${SERVICE_IDS.join(", ")}` },
);
export type ConsoleDestination = z.infer<typeof destinationSchema>;

/**
 * The short text form used in links and query strings: "ec2", "ec2:eu-west-1", "home:us-east-1",
 * "instance:us-east-1:i-0b000000000000001". Anything else is passed through for the schema to refuse.
 */
export function parseDestinationText(text: string): unknown {
  const [head, second, third, ...rest] = text.trim().split(":");
  if (rest.length > 0) return { unparsable: text };
  if (head === "instance") return { instanceId: third, region: second };
  if (third !== undefined) return { unparsable: text };
  return second === undefined ? { service: head } : { service: head, region: second };
}

/** The text form of a destination (inverse of parseDestinationText). */
export function formatDestinationText(destination: ConsoleDestination): string {
  if ("instanceId" in destination) return `instance:${destination.region}:${destination.instanceId}`;
  return destination.region ? `${destination.service}:${destination.region}` : destination.service;
}

const consoleOrigin = (partition: Partition, region?: string) => `https://${region ? `${region}.` : ""}${CONSOLE_HOSTS[partition]}`;

/** The console URL for a validated destination; no destination is the console home page. */
export function buildConsoleUrl(partition: Partition, destination?: ConsoleDestination): string {
  if (!destination) return `${consoleOrigin(partition)}/`;
  if ("instanceId" in destination) return sessionManagerUrl(partition, destination.region, destination.instanceId);
  const service = CONSOLE_SERVICES.find((candidate) => candidate.id === destination.service) ?? CONSOLE_SERVICES[0];
  if ("global" in service && service.global) return `${consoleOrigin(partition)}/${service.path}`;
  const region = destination.region;
  const query = region ? `?region=${region}` : "";
  const fragment = "fragment" in service ? service.fragment : "";
  return `${consoleOrigin(partition, region)}/${service.path}${query}${fragment}`;
}

/** Session Manager's page for one node (a widely used convention, not a documented API; docs/aws-facts.md#console-deep-links). */
export function sessionManagerUrl(partition: Partition, region: string, instanceId: string): string {
  if (!REGION.test(region)) throw new Error(`not a region: ${region}`);
  if (!INSTANCE_ID.test(instanceId)) throw new Error(`not an instance id: ${instanceId}`);
  return `${consoleOrigin(partition, region)}/systems-manager/session-manager/${instanceId}?region=${region}`;
}

/** Words for a destination, for buttons and the audit page. */
export function describeDestination(destination?: ConsoleDestination): string {
  if (!destination) return "Console home";
  if ("instanceId" in destination) return `Session Manager for ${destination.instanceId} (${destination.region})`;
  const label = CONSOLE_SERVICES.find((service) => service.id === destination.service)?.label ?? destination.service;
  return destination.region ? `${label} (${destination.region})` : label;
}
