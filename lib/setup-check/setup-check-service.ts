import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { requireAccessAdmin } from "@/lib/iam-templates/admin-gate";
import { recordAudit } from "@/lib/audit/record";
import { toSessionName, toTagValue } from "@/lib/aws/session-name";
import { getConfig } from "@/lib/config";
import { listAccounts } from "@/lib/org/accounts";
import type { SetupReport } from "./report";
import { runSetupCheck } from "./run-check";

// POST /api/admin/setup-check: administrators only. Audited before any AWS call (setup.check, allowed, naming the
// administrator), then a result record: allowed "all hops work" or error with the count of broken hops.
// The hops carry the administrator's email as source identity and session name, and { email, profile } tags, as the
// real chain would for them; the short sessions' credentials are dropped.

export async function startSetupCheck({ actor }: { actor: Actor }): Promise<SetupReport> {
  const policy = await requireAccessAdmin(actor);
  const accounts = await listAccounts();
  await recordAudit({ action: "setup.check", outcome: "allowed", actor, detail: `${policy.profiles.length} profiles, ${accounts.length} accounts` });

  const mode = getConfig().BROKER_MODE;
  const sessionName = toSessionName(actor.email);
  let report: SetupReport;
  try {
    report = await runSetupCheck({
      policy,
      accounts,
      identity: (profile) => ({ sessionName, tags: { email: toTagValue(actor.email), profile: profile.id } }),
      ...(mode === "web-identity"
        ? { notCheckable: "BROKER_MODE=web-identity: the first hop needs a person's own Google ID token, so the setup check cannot try it." }
        : {}),
    });
  } catch (error) {
    await recordAudit({ action: "setup.check", outcome: "error", actor, detail: "setup-check-failed: the check could not finish" });
    throw error;
  }
  await recordAudit({
    action: "setup.check",
    outcome: report.ok ? "allowed" : "error",
    actor,
    detail: report.ok
      ? `all ${report.hopsTried} hops work`
      : `broken: ${report.hopsBroken} of ${report.hopsTried} hops${report.truncated ? " (stopped at the hop limit)" : ""}`,
  });
  return report;
}
