import { ORG_PAGE_SIZE } from "./organization-paging";

// Which way to read SCP attachments costs fewer calls, from the counts known when the choice is made.
//
//   per-target: one ListPoliciesForTarget per root, OU and account. At most 5 SCPs are attached to a target (an AWS
//               quota), so that is one page each: T calls for T targets.
//   per-policy: ListPolicies (already made to learn the count), then ListTargetsForPolicy per SCP, 20 targets a page:
//               the sum over SCPs of ceil(targets / 20), at least one call each, even for an SCP attached nowhere.
//
// With the previous sync's tree the second sum is known almost exactly (each SCP's targets then); the organization
// rarely changes much between syncs. On a first sync nothing is known of T before the tree is walked, and waiting
// for the walk would put the longest ListTargetsForPolicy chain (FullAWSAccess, on every target) after it. So a
// first sync reads per policy when the SCPs fit in one ListPolicies page (at most 20): per-policy then costs at most
// 20 + A/20 calls for A attachments, per-target T >= A/5 (at most 5 a target), and per-policy loses only in an
// organization of fewer than about 130 targets, by a few dozen calls. More SCPs than that and no previous tree:
// per target, as Gatehouse always did.

export type ScpReadMode = "per-target" | "per-policy";

export type PreviousAttachments = {
  /** Roots, OUs and accounts in the previous tree. */
  targets: number;
  /** Targets per SCP in the previous tree. */
  targetsPerPolicy: ReadonlyMap<string, number>;
};

export type ScpPlan = { mode: ScpReadMode; perTargetCalls: number | null; perPolicyCalls: number };

const pages = (items: number) => Math.max(1, Math.ceil(items / ORG_PAGE_SIZE));

export function chooseScpReads(policyIds: readonly string[], previous: PreviousAttachments | undefined): ScpPlan {
  if (!previous || previous.targets === 0) {
    const perPolicyCalls = policyIds.length;
    return { mode: policyIds.length <= ORG_PAGE_SIZE ? "per-policy" : "per-target", perTargetCalls: null, perPolicyCalls };
  }
  const perPolicyCalls = policyIds.reduce((sum, id) => sum + pages(previous.targetsPerPolicy.get(id) ?? 0), 0);
  const perTargetCalls = previous.targets;
  return { mode: perPolicyCalls < perTargetCalls ? "per-policy" : "per-target", perTargetCalls, perPolicyCalls };
}
