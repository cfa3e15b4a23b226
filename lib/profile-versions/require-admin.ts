import "server-only";
import { decide } from "@/lib/access";
import { getCurrentPolicy, type CurrentPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";

/** The version in force, if the person is an administrator by it (decide()'s admin:access); else not-admin (403). */
export async function requireProfileAdmin(actor: Actor): Promise<CurrentPolicy> {
  const current = await getCurrentPolicy();
  const decision = decide(subjectOf(actor), { action: "admin:access" }, { policy: current.policy });
  if (!decision.allowed) throw new ServiceError("not-admin", decision.reason);
  return current;
}
