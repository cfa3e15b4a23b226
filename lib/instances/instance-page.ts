import "server-only";
import { instanceFilterFor } from "@/lib/access";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";
import { checkInstanceAccess, shellTargetSchema } from "./instance-access";
import { toVisibleRows } from "./list-instances";
import type { InstanceRow } from "./listing-types";

// /instances/<id>?account=…&region=… (a shared "Copy link"): the instance as the person who opens the address may
// see it, decided on the server every time with the same check a shell gets (the account from the stored tree, the
// tags read from AWS with the opener's own role, then decide()). The address only names what to check.

export type InstancePageData =
  { kind: "ok"; row: InstanceRow } | { kind: "refused"; reason: string; accountId: string | null; code: string } | { kind: "error"; message: string };

// The shell check refuses a profile that wants a reason when none is given; this page opens nothing, so it asks
// as if one were given, and the Open shell button then asks the person for the real one.
const PAGE_VIEW_REASON = "viewing the instance page";

export async function loadInstancePage(actor: Actor, address: { instanceId: string; account?: string; region?: string }): Promise<InstancePageData> {
  const target = shellTargetSchema.safeParse({ instanceId: address.instanceId, accountId: address.account, region: address.region });
  if (!target.success) {
    const accountId = /^\d{12}$/.test(address.account ?? "") ? address.account! : null;
    return {
      kind: "refused",
      code: "invalid-input",
      accountId,
      reason: "This instance address is incomplete or malformed: it needs the instance id, ?account=<12-digit id> and &region=<region>.",
    };
  }
  const access = await checkInstanceAccess(actor, { ...target.data, reason: PAGE_VIEW_REASON });
  if (!access.ok) {
    if (access.outcome === "error") return { kind: "error", message: access.error.message };
    return { kind: "refused", code: access.error.code, accountId: target.data.accountId, reason: access.error.message };
  }
  const filter = instanceFilterFor(subjectOf(actor), access.account, target.data.region, access.policy);
  const [row] = toVisibleRows({ account: access.account, region: target.data.region, filter }, [access.instance]);
  if (!row) throw new ServiceError("internal", "The shell check allowed an instance that no grant shows.");
  return { kind: "ok", row };
}
