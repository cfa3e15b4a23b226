import "server-only";
import { z } from "zod";
import { decide, instanceFilterFor, type AccessPolicy, type Allowed } from "@/lib/access";
import { accountIdSchema, instanceIdSchema, regionSchema } from "@/lib/access/ids";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { describeManagedInstance, type ManagedInstance } from "@/lib/aws/instances";
import { getConfig } from "@/lib/config";
import { getAccountInfo, type OrgAccount } from "@/lib/org/accounts";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { awsServiceError } from "@/lib/aws/errors";
import { ServiceError } from "@/lib/errors";
import { assumeGrantRole, describeInstanceFault } from "./grant-credentials";

// "May this user open a shell on this instance?", answered server-side from what AWS says about the instance: the
// account comes from the org tree, the tags from EC2/SSM read with the user's own role, never from the request.
// Only then does decide() look at them. Every refusal is a ServiceError; the caller audits it.

export const shellTargetSchema = z.object({
  accountId: accountIdSchema,
  region: regionSchema,
  instanceId: instanceIdSchema,
  reason: z.string({ error: "expected the reason as text" }).max(1000, { error: "expected a reason of at most 1000 characters" }).nullish(),
});
export type ShellTarget = z.output<typeof shellTargetSchema>;

export type InstanceAccess =
  | { ok: true; decision: Allowed; account: OrgAccount; instance: ManagedInstance; policy: AccessPolicy }
  | { ok: false; outcome: "denied" | "error"; error: ServiceError; profileId?: string };

const refuse = (error: ServiceError): InstanceAccess => ({ ok: false, outcome: "denied", error });

export async function checkInstanceAccess(user: Actor, target: ShellTarget): Promise<InstanceAccess> {
  const regions = getConfig().AWS_REGIONS;
  if (!regions.includes(target.region)) {
    return refuse(new ServiceError("invalid-input", `Gatehouse does not reach region ${target.region}; it works in ${regions.join(", ")}.`));
  }
  const [policy, account] = await Promise.all([getAccessPolicy(), getAccountInfo(target.accountId)]);
  const subject = subjectOf(user);
  const reason = target.reason ?? undefined;
  const request = { action: "shell:open", accountId: target.accountId, region: target.region, instanceId: target.instanceId, reason } as const;
  const filter = account ? instanceFilterFor(subject, account, target.region, policy) : null;
  const [lookupGrant] = filter?.grants ?? [];
  if (!account || !lookupGrant) {
    // Nothing reaches this account/region: decide() says why (unknown account, no profile, not granted) without
    // reading the instance from AWS at all.
    const decision = decide(subject, { ...request, tags: {} }, { policy, account });
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
    return refuse(new ServiceError("unknown-instance", `Instance ${target.instanceId} is not a managed node in account ${account.id} (${account.name}), ${target.region}.`));
  }
  const decision = decide(subject, { ...request, tags: instance.tags }, { policy, account });
  if (!decision.allowed) return refuse(new ServiceError(decision.code, decision.reason));
  return { ok: true, decision, account, instance, policy };
}
