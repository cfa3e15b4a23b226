import type { Authorizer } from "../iam/authorizer";
import { deniedMessage } from "../iam/authorizer";
import type { Paginator } from "../pagination";
import { accessDenied, AwsError, type ApiService } from "../protocol/errors";
import type { Caller, Clock, CredentialStore } from "../state/credentials";
import type { World } from "../state/world";
import type { SessionRegistry } from "../gateway/session-registry";
import type { WebIdentityVerifier } from "./web-identity";

// What every operation handler receives. Handlers return a result object (or XML for the query protocols)
// and throw AwsError for anything AWS would answer with an error.

export interface Sandbox {
  world: World;
  credentials: CredentialStore;
  authorizer: Authorizer;
  paginator: Paginator;
  clock: Clock;
  sessions: SessionRegistry;
  /** aws:userid of each session's owner, for the aws:ssmmessages:session-id resource tag. */
  sessionOwners: Map<string, string>;
  webIdentity: WebIdentityVerifier;
}

export interface ApiContext extends Sandbox {
  service: ApiService;
  operation: string;
  /** Absent only for the unsigned STS calls (AssumeRoleWithWebIdentity). */
  caller: Caller;
  region: string;
  requestId: string;
}

export interface RequireInput {
  action: string;
  resource: string;
  resourceAccountId?: string;
  context?: Record<string, string | string[]>;
  /** Include "on resource: …" in the AccessDenied text (EC2 leaves it out for describe calls). */
  withResource?: boolean;
}

/** Throws the service's AccessDenied error, worded as AWS words it, unless IAM allows the call. */
export async function requireAllowed(ctx: ApiContext, input: RequireInput): Promise<void> {
  const decision = await ctx.authorizer.authorize({
    caller: ctx.caller,
    action: input.action,
    resource: input.resource,
    resourceAccountId: input.resourceAccountId ?? ctx.caller.accountId,
    region: ctx.region,
    context: input.context ?? {},
  });
  if (!decision.allowed) {
    throw accessDenied(ctx.service, deniedMessage(ctx.caller, input.action, input.resource, decision.reason, input.withResource ?? true));
  }
}

export function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new AwsError("SerializationException", `Expected a string for ${name}`, 400);
  return value;
}

export function numberParam(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new AwsError("SerializationException", `Expected an integer for ${name}`, 400);
  return value;
}

export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
