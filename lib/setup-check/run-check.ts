import "server-only";
import type { AccessPolicy, AccessProfile } from "@/lib/access";
import { matchesAccount, type AccountInfo } from "@/lib/access/match";
import { profileRoleRules } from "@/lib/iam-templates/plan";
import { probeCustodian, type CustodianProbe, type HopOutcome, type ProbeIdentity } from "@/lib/aws/setup-check-hops";
import { roleArnFor } from "@/lib/aws/role-chain";
import type { BrokenHop, ProfileReport, SetupReport, TargetRoleReport } from "./report";
import { trustFixFor } from "./trust-fix";

// Every profile's chain, hop by hop: broker → Custodian role, then Custodian → each role in each active account the
// profile grants it in (console roles, and the roles its shell and port-forwarding rules use). Bounded: a few hops at a time, at most MAX_FAILURES broken accounts per role (the rest are
// counted as not tried), and at most MAX_HOPS target hops per run.

const CONCURRENCY = 8;
const MAX_FAILURES = 5;
const MAX_HOPS = 2000;

export interface CheckInput {
  policy: AccessPolicy;
  accounts: readonly AccountInfo[];
  identity: (profile: AccessProfile) => ProbeIdentity;
  /** Set when the chain cannot be tried without a person's token (BROKER_MODE=web-identity). */
  notCheckable?: string;
}

export async function runSetupCheck(input: CheckInput): Promise<SetupReport> {
  const budget = { left: MAX_HOPS, truncated: false };
  const profiles: ProfileReport[] = [];
  for (const profile of input.policy.profiles) profiles.push(await checkProfile(profile, input, budget));
  let hopsTried = 0;
  let hopsBroken = 0;
  for (const p of profiles) {
    if (p.notChecked) continue;
    hopsTried += 1;
    if (!p.custodian.ok) hopsBroken += 1;
    for (const r of p.roles) {
      hopsTried += r.okAccounts + r.broken.length;
      hopsBroken += r.broken.length;
    }
  }
  return {
    checkedAt: new Date().toISOString(),
    ok: hopsBroken === 0 && !budget.truncated && profiles.every((p) => !p.notChecked),
    profiles,
    hopsTried,
    hopsBroken,
    truncated: budget.truncated,
  };
}

async function checkProfile(profile: AccessProfile, input: CheckInput, budget: { left: number; truncated: boolean }): Promise<ProfileReport> {
  const targets = new Map<string, string[]>();
  for (const account of input.accounts) {
    if (account.status !== "ACTIVE") continue;
    const roles = new Set(profileRoleRules(profile).flatMap((rule) => (matchesAccount(rule, account) ? rule.roles : [])));
    for (const role of roles) targets.set(role, [...(targets.get(role) ?? []), account.id]);
  }
  const base = { profileId: profile.id, name: profile.name };
  const untried = (): TargetRoleReport[] => [...targets].map(([roleName, ids]) => ({ roleName, okAccounts: 0, broken: [], notTried: ids.length }));
  if (input.notCheckable) return { ...base, custodian: { roleArn: profile.custodianRole, ok: false }, roles: untried(), notChecked: input.notCheckable };

  const { hop, probe } = await probeCustodian(profile.custodianRole, input.identity(profile));
  if (!hop.ok) {
    return {
      ...base,
      custodian: { roleArn: profile.custodianRole, ok: false, broken: broken(profile.custodianRole.split(":")[4] ?? "", profile.custodianRole, hop) },
      roles: untried(),
    };
  }
  if (!probe) throw new Error("setup check: the Custodian hop worked but gave no probe");
  const roles: TargetRoleReport[] = [];
  for (const [roleName, accountIds] of targets) roles.push(await checkRole(probe, roleName, accountIds, budget));
  return { ...base, custodian: { roleArn: profile.custodianRole, ok: true }, roles };
}

async function checkRole(
  probe: CustodianProbe,
  roleName: string,
  accountIds: string[],
  budget: { left: number; truncated: boolean },
): Promise<TargetRoleReport> {
  const report: TargetRoleReport = { roleName, okAccounts: 0, broken: [], notTried: 0 };
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= accountIds.length) return;
      if (report.broken.length >= MAX_FAILURES || budget.left <= 0) {
        if (budget.left <= 0) budget.truncated = true;
        report.notTried += 1;
        continue;
      }
      budget.left -= 1;
      const accountId = accountIds[index]!;
      const roleArn = roleArnFor(accountId, roleName);
      const outcome = await probe.tryTarget(roleArn);
      if (outcome.ok) report.okAccounts += 1;
      else if (report.broken.length < MAX_FAILURES) report.broken.push(broken(accountId, roleArn, outcome));
      else report.notTried += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, accountIds.length) }, worker));
  report.broken.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return report;
}

function broken(accountId: string, roleArn: string, outcome: HopOutcome & { ok: false }): BrokenHop {
  const hop = { accountId, roleArn, principal: outcome.principal, code: outcome.code, message: outcome.message };
  return outcome.refused ? { ...hop, fix: trustFixFor(outcome.principal) } : hop;
}
