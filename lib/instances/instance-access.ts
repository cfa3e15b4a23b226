import "server-only";
import { z } from "zod";
import { decide, instanceFilterFor, portForwardFilterFor, type AccessPolicy, type Allowed, type ForwardDocument } from "@/lib/access";
import { FORWARD_DOCUMENTS } from "@/lib/access/forward-match";
import { accountIdSchema, instanceIdSchema, portNumberSchema, regionSchema, remoteHostSchema } from "@/lib/access/ids";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { describeManagedInstance, type ManagedInstance } from "@/lib/aws/instances";
import { getConfig } from "@/lib/config";
import { getAccountInfo, type OrgAccount } from "@/lib/org/accounts";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { awsServiceError } from "@/lib/aws/errors";
import { ServiceError } from "@/lib/errors";
import { assumeGrantRole, describeInstanceFault } from "./grant-credentials";

// "May this user open a shell on this instance?" (or "forward this port from it?"), answered server-side from what
// AWS says about the instance: the account comes from the org tree, the tags from EC2/SSM read with the user's own
// role, never from the request. Only then does decide() look at them. Every refusal is a ServiceError; the caller
// audits it.

export const shellTargetSchema = z.object({
  accountId: accountIdSchema,
  region: regionSchema,
  instanceId: instanceIdSchema,
  reason: z.string({ error: "expected the reason as text" }).max(1000, { error: "expected a reason of at most 1000 characters" }).nullish(),
});
export type ShellTarget = z.output<typeof shellTargetSchema>;

const documentError = `expected one of ${FORWARD_DOCUMENTS.join(", ")}`;

/**
 * A port-forwarding or SSH session: the instance, the session document and its parameters, as `aws ssm
 * start-session --document-name … --parameters …` takes them (docs/session-manager-protocol.md#session-documents).
 * The host is a name or an IP literal, never the metadata service or VPC DNS (lib/access/ids.ts remoteHostSchema).
 */
export const forwardTargetSchema = shellTargetSchema
  .extend({
    document: z.enum(FORWARD_DOCUMENTS, { error: documentError }),
    parameters: z.strictObject(
      {
        portNumber: portNumberSchema,
        // The client's own port; SSM hands it back in the handshake. Not for AWS-StartSSHSession.
        localPortNumber: portNumberSchema.optional(),
        host: remoteHostSchema.optional(),
      },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys"
            ? `unknown parameter ${issue.keys.join(", ")}; the parameters are portNumber, localPortNumber and host`
            : "expected parameters { portNumber, localPortNumber?, host? }",
      },
    ),
  })
  .superRefine((target, ctx) => {
    const remote = target.document === "AWS-StartPortForwardingSessionToRemoteHost";
    const { host, localPortNumber } = target.parameters;
    if (remote && host === undefined) ctx.addIssue({ code: "custom", path: ["parameters", "host"], message: `${target.document} needs parameters.host` });
    if (!remote && host !== undefined)
      ctx.addIssue({ code: "custom", path: ["parameters", "host"], message: `${target.document} reaches the instance itself and takes no host` });
    if (target.document === "AWS-StartSSHSession" && localPortNumber !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["parameters", "localPortNumber"],
        message: "AWS-StartSSHSession forwards standard input and output and takes no localPortNumber",
      });
    }
  });
export type ForwardTarget = z.output<typeof forwardTargetSchema>;

export type InstanceAccess =
  | { ok: true; decision: Allowed; account: OrgAccount; instance: ManagedInstance; policy: AccessPolicy }
  | { ok: false; outcome: "denied" | "error"; error: ServiceError; profileId?: string };

const refuse = (error: ServiceError): InstanceAccess => ({ ok: false, outcome: "denied", error });

/** A port-forwarding session's document and destination (no host: the instance itself). */
export interface ForwardSpec {
  document: ForwardDocument;
  host?: string;
  port: number;
}

/** Shell access, or with `forward` the port-forwarding rules for that destination. */
export async function checkInstanceAccess(user: Actor, target: ShellTarget, forward?: ForwardSpec): Promise<InstanceAccess> {
  const regions = getConfig().AWS_REGIONS;
  if (!regions.includes(target.region)) {
    return refuse(new ServiceError("invalid-input", `Gatehouse does not reach region ${target.region}; it works in ${regions.join(", ")}.`));
  }
  const [policy, account] = await Promise.all([getAccessPolicy(), getAccountInfo(target.accountId)]);
  const subject = subjectOf(user);
  const reason = target.reason ?? undefined;
  const on = { accountId: target.accountId, region: target.region, instanceId: target.instanceId, reason };
  const ask = (tags: Record<string, string>) =>
    forward
      ? ({
          action: "forward:open",
          ...on,
          tags,
          document: forward.document,
          port: forward.port,
          ...(forward.host !== undefined ? { host: forward.host } : {}),
        } as const)
      : ({ action: "shell:open", ...on, tags } as const);
  // The instance is read with the role of the first rule that reaches its account and region.
  const filter = account ? (forward ? portForwardFilterFor : instanceFilterFor)(subject, account, target.region, policy) : null;
  const [lookupGrant] = filter?.grants ?? [];
  if (!account || !lookupGrant) {
    // Nothing reaches this account/region: decide() says why (unknown account, no profile, not granted) without
    // reading the instance from AWS at all.
    const decision = decide(subject, ask({}), { policy, account });
    if (decision.allowed) return refuse(new ServiceError("not-granted", "Your profiles grant no instances there."));
    return refuse(new ServiceError(decision.code, decision.reason));
  }

  let instance: ManagedInstance | null;
  try {
    const credentials = await assumeGrantRole(user, policy, account.id, lookupGrant);
    instance = await describeManagedInstance(target.region, credentials, target.instanceId);
  } catch (error) {
    const fault = describeInstanceFault(error, `reading instance ${target.instanceId} in account ${account.id}, ${target.region}`);
    return { ok: false, outcome: "error", error: awsServiceError(fault), profileId: lookupGrant.profileId };
  }
  if (!instance) {
    return refuse(
      new ServiceError("unknown-instance", `Instance ${target.instanceId} is not a managed node in account ${account.id} (${account.name}), ${target.region}.`),
    );
  }
  const decision = decide(subject, ask(instance.tags), { policy, account });
  if (!decision.allowed) return refuse(new ServiceError(decision.code, decision.reason));
  return { ok: true, decision, account, instance, policy };
}
