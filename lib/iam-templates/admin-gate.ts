import "server-only";
import { decide, type AccessPolicy } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";

/** The current profiles, for an administrator (admin:access); ServiceError("not-admin") (403) for anyone else. */
export async function requireAccessAdmin(actor: Actor): Promise<AccessPolicy> {
  const policy = await getAccessPolicy();
  const decision = decide(subjectOf(actor), { action: "admin:access" }, { policy });
  if (!decision.allowed) throw new ServiceError("not-admin", decision.reason);
  return policy;
}
