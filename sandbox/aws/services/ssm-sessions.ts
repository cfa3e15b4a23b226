import { SessionDoesNotExistError } from "../gateway/session-registry";
import { AwsError, validationMessage } from "../protocol/errors";
import { numberParam, requireAllowed, stringParam, type ApiContext } from "./context";
import { resourceTagContext, ssmPage } from "./ssm-common";
import { findSessionDocument, resolveParameters } from "./ssm-documents";

// Session Manager API: IAM is decided here (node ARN with its tags AND the document ARN for StartSession; the
// session ARN with the AWS-applied aws:ssmmessages:* tags for Terminate/Resume), then the gateway's
// SessionRegistry keeps the session state and serves the data channel.

type Params = Record<string, unknown>;
type Handler = (ctx: ApiContext, params: Params) => Promise<unknown>;

const DEFAULT_DOCUMENT = "SSM-SessionManagerRunShell";
const SESSION_FILTER_KEYS = new Set(["InvokedAfter", "InvokedBefore", "Target", "Owner", "Status", "SessionId", "AccessType"]);

function documentArn(ctx: ApiContext, name: string): string {
  // AWS-owned documents have no account in their ARN; SSM-SessionManagerRunShell lives in the caller's account.
  const account = name.startsWith("AWS-") ? "" : ctx.caller.accountId;
  return `arn:aws:ssm:${ctx.region}:${account}:document/${name}`;
}

function sessionArn(ctx: ApiContext, sessionId: string): string {
  return `arn:aws:ssm:${ctx.region}:${ctx.caller.accountId}:session/${sessionId}`;
}

function callerName(ctx: ApiContext): string {
  return ctx.caller.kind === "role-session" ? ctx.caller.sessionName : ctx.caller.user.name;
}

function requireSessionId(params: Params): string {
  const id = stringParam(params, "SessionId");
  if (!id || id.length > 96) {
    throw new AwsError("ValidationException", validationMessage(id ?? null, "sessionId", "Member must have length less than or equal to 96"), 400);
  }
  return id;
}

/**
 * Session-tag condition keys AWS applies to sessions it created
 * (docs/session-manager-protocol.md#who-may-resume-or-terminate-a-session).
 */
async function authorizeOwnSession(ctx: ApiContext, action: string, sessionId: string): Promise<void> {
  const record = ctx.sessions.get(sessionId);
  const here = record && record.accountId === ctx.caller.accountId && record.region === ctx.region;
  const owner = here ? ctx.sessionOwners.get(sessionId) : undefined;
  const context = here ? resourceTagContext({ "aws:ssmmessages:target-id": record.target, ...(owner ? { "aws:ssmmessages:session-id": owner } : {}) }) : {};
  await requireAllowed(ctx, { action, resource: sessionArn(ctx, sessionId), context });
  if (!here) throw new AwsError("DoesNotExistException", `Session with id ${sessionId} does not exist or is no longer active`, 400);
}

function mapRegistryError(error: unknown): never {
  if (error instanceof SessionDoesNotExistError) throw new AwsError("DoesNotExistException", error.message, 400);
  throw error;
}

export const sessionHandlers: Record<string, Handler> = {
  async StartSession(ctx, params) {
    const target = stringParam(params, "Target");
    if (!target)
      throw new AwsError(
        "ValidationException",
        "1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null",
        400,
      );
    const documentName = stringParam(params, "DocumentName") ?? DEFAULT_DOCUMENT;
    if (!/^[a-zA-Z0-9_\-.:/]{3,128}$/.test(documentName)) {
      throw new AwsError(
        "ValidationException",
        validationMessage(documentName, "documentName", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.:/]{3,128}$"),
        400,
      );
    }
    const reason = stringParam(params, "Reason");
    if (reason !== undefined && (reason.length < 1 || reason.length > 256)) {
      throw new AwsError("ValidationException", validationMessage(reason, "reason", "Member must have length less than or equal to 256"), 400);
    }

    // IAM sees the node's real ARN and tags wherever it lives (a node in another account fails on the ARN's
    // account or the tag condition); only then does "not in this account/region" become TargetNotConnected.
    const node = ctx.world.instance(target);
    const here = node && node.accountId === ctx.caller.accountId && node.region === ctx.region ? node : undefined;
    const nodeArn =
      node?.arn ??
      (target.startsWith("mi-")
        ? `arn:aws:ssm:${ctx.region}:${ctx.caller.accountId}:managed-instance/${target}`
        : `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:instance/${target}`);
    await requireAllowed(ctx, { action: "ssm:StartSession", resource: nodeArn, context: node ? resourceTagContext(node.tags) : {} });
    await requireAllowed(ctx, { action: "ssm:StartSession", resource: documentArn(ctx, documentName) });
    const document = findSessionDocument(documentName);
    if (!document) throw new AwsError("InvalidDocument", `Document with name ${documentName} does not exist.`, 400);
    const parameters = resolveParameters(document, params.Parameters);
    // AWS answers TargetNotConnected for unknown nodes and for nodes in another account or region, too.
    if (!here || here.state !== "running" || here.pingStatus !== "Online") throw new AwsError("TargetNotConnected", `${target} is not connected.`, 400);

    const started = ctx.sessions.start({
      target,
      accountId: ctx.caller.accountId,
      region: ctx.region,
      ownerArn: ctx.caller.arn,
      sessionNamePrefix: callerName(ctx),
      documentName,
      sessionType: document.sessionType,
      properties: document.properties(parameters),
      ...(reason !== undefined ? { reason } : {}),
    });
    ctx.sessionOwners.set(started.SessionId, ctx.caller.userId);
    return started;
  },

  async TerminateSession(ctx, params) {
    const sessionId = requireSessionId(params);
    await authorizeOwnSession(ctx, "ssm:TerminateSession", sessionId);
    try {
      return ctx.sessions.terminate(sessionId);
    } catch (error) {
      mapRegistryError(error);
    }
  },

  async ResumeSession(ctx, params) {
    const sessionId = requireSessionId(params);
    await authorizeOwnSession(ctx, "ssm:ResumeSession", sessionId);
    try {
      return ctx.sessions.resume(sessionId);
    } catch (error) {
      mapRegistryError(error);
    }
  },

  async DescribeSessions(ctx, params) {
    await requireAllowed(ctx, { action: "ssm:DescribeSessions", resource: "*" });
    const state = stringParam(params, "State");
    if (state !== "Active" && state !== "History") {
      throw new AwsError("ValidationException", validationMessage(state ?? null, "state", "Member must satisfy enum value set: [Active, History]"), 400);
    }
    const maxResults = numberParam(params, "MaxResults");
    if (maxResults !== undefined && (maxResults < 1 || maxResults > 200)) {
      throw new AwsError("ValidationException", validationMessage(maxResults, "maxResults", "Member must have value less than or equal to 200"), 400);
    }
    const filters = ((params.Filters ?? []) as { key?: string; value?: string }[]).map((f) => ({ key: f.key ?? "", value: f.value ?? "" }));
    for (const f of filters) if (!SESSION_FILTER_KEYS.has(f.key)) throw new AwsError("InvalidFilterKey", `The filter key ${f.key} is not valid.`, 400);
    const sessions = ctx.sessions.describe({ state, accountId: ctx.caller.accountId, region: ctx.region, filters, callerArn: ctx.caller.arn });
    const key = `ssm/DescribeSessions/${ctx.caller.accountId}/${ctx.region}/${state}/${JSON.stringify(filters)}`;
    const page = ssmPage(ctx, sessions, key, maxResults, stringParam(params, "NextToken"));
    return { Sessions: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },
};
