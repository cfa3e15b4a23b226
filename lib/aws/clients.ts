import "server-only";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { getConfig } from "@/lib/config";
import { instrumentAwsClient } from "./call-metrics";

// The one place AWS SDK clients are made: region, endpoint, retries and credentials all come from validated config.
// Clients are cheap to make but keep connection pools, so they are cached per region and credential set. Each
// client times its calls for /api/metrics (call-metrics.ts).

export type Credentials = AwsCredentialIdentity;

const ORGANIZATIONS_REGION = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-northwest-1" } as const;

// One connection pool for every client: per-user credentials make many clients, and each would otherwise open its own
// connections (a TLS handshake per user per region against AWS).
const requestHandler = new NodeHttpHandler({
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  connectionTimeout: 5_000,
  requestTimeout: 30_000,
});

function baseConfig(region: string, credentials?: Credentials) {
  const config = getConfig();
  return {
    region,
    requestHandler,
    maxAttempts: config.AWS_MAX_ATTEMPTS,
    ...(config.AWS_ENDPOINT_URL ? { endpoint: config.AWS_ENDPOINT_URL } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

type Factory<T> = new (config: ReturnType<typeof baseConfig>) => T;
const cache = new Map<string, unknown>();

function cached<T extends object>(kind: string, Client: Factory<T>, region: string, credentials?: Credentials): T {
  const key = `${kind}|${region}|${credentials?.accessKeyId ?? "default"}|${credentials?.sessionToken?.slice(-16) ?? ""}`;
  let client = cache.get(key) as T | undefined;
  if (!client) {
    client = new Client(baseConfig(region, credentials));
    instrumentAwsClient(client);
    if (cache.size > 2000) cache.clear();
    cache.set(key, client);
  }
  return client;
}

/** STS in the home region. Without credentials: the broker's own (SDK default chain: env keys, profile, instance role). */
export const stsClient = (credentials?: Credentials, region = getConfig().AWS_REGION) => cached("sts", STSClient, region, credentials);
export const organizationsClient = (credentials?: Credentials) =>
  cached("organizations", OrganizationsClient, ORGANIZATIONS_REGION[getConfig().AWS_PARTITION], credentials);
export const ssmClient = (region: string, credentials: Credentials) => cached("ssm", SSMClient, region, credentials);
export const ec2Client = (region: string, credentials: Credentials) => cached("ec2", EC2Client, region, credentials);
/** IAM is global: its calls are signed for the home region. */
export const iamClient = (credentials: Credentials) => cached("iam", IAMClient, getConfig().AWS_REGION, credentials);
