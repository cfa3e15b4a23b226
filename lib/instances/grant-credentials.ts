import "server-only";
import type { AccessPolicy } from "@/lib/access";
import type { Credentials } from "@/lib/aws/clients";
import { describeAwsFault, type AwsFault } from "@/lib/aws/errors";
import { assumeTargetRole } from "@/lib/aws/role-chain";
import { describeRoleChainFault, IdTokenUnavailableError, RoleChainError } from "@/lib/aws/role-chain-error";
import { chainUserOf, type Actor } from "@/lib/actor/actor";

// Instances are listed, and shells started, with the user's own session in the target role a grant names (through
// their profile's Custodian role), never with a shared Gatehouse role: AWS then applies IAM's tag conditions to the
// person, and CloudTrail and Session Manager show who it was.

export interface GrantRef {
  profileId: string;
  roleName: string;
}

export async function assumeGrantRole(user: Actor, policy: AccessPolicy, accountId: string, grant: GrantRef): Promise<Credentials> {
  const profile = policy.profiles.find((candidate) => candidate.id === grant.profileId);
  if (!profile) throw new Error(`profile ${grant.profileId} is no longer in the access policy`);
  const session = await assumeTargetRole({ user: chainUserOf(user), profile, accountId, roleName: grant.roleName });
  return session.credentials;
}

/** A fault from either step (the role chain or the AWS call after it), as a sentence and a status. */
export function describeInstanceFault(error: unknown, what: string): AwsFault {
  if (error instanceof RoleChainError || error instanceof IdTokenUnavailableError) return describeRoleChainFault(error);
  return describeAwsFault(error, what);
}
