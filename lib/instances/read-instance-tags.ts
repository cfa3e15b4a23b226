import "server-only";
import { instanceFilterFor } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { describeManagedInstance } from "@/lib/aws/instances";
import { getAccountInfo } from "@/lib/org/accounts";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { awsServiceError } from "@/lib/aws/errors";
import { assumeGrantRole, describeInstanceFault } from "./grant-credentials";

// An instance's tags as AWS reports them, read with the user's own role from the first instance grant that reaches
// the account and region: the server-side answer the console route needs before it may send someone to Session
// Manager's page for that instance (lib/console/open-console.ts calls this).

export interface ReadInstanceTagsInput {
  actor: Actor;
  accountId: string;
  region: string;
  instanceId: string;
}

/**
 * The tags; null when the instance is not a managed node there (or the account is not in the organization); {} when
 * no instance rule of the user's reaches that account and region at all, so the shell rules refuse it without AWS
 * being asked. AWS failures are thrown as ServiceError (aws-*).
 */
export async function readInstanceTags(input: ReadInstanceTagsInput): Promise<Record<string, string> | null> {
  const [policy, account] = await Promise.all([getAccessPolicy(), getAccountInfo(input.accountId)]);
  if (!account) return null;
  const [grant] = instanceFilterFor(subjectOf(input.actor), account, input.region, policy).grants;
  if (!grant) return {};
  try {
    const credentials = await assumeGrantRole(input.actor, policy, account.id, grant);
    const instance = await describeManagedInstance(input.region, credentials, input.instanceId);
    return instance ? instance.tags : null;
  } catch (error) {
    const fault = describeInstanceFault(error, `reading the tags of instance ${input.instanceId} in account ${account.id}, ${input.region}`);
    throw awsServiceError(fault);
  }
}
