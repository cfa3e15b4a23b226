import "server-only";
import {
  describeInstanceTags,
  describeTagConditions,
  findMatchingTag,
  matchesAccount,
  matchesAllTags,
  matchesRegion,
  type AccountInfo,
  type InstanceTags,
} from "./match";
import { describeAccount, joinWords, listProfileIds } from "./reasons";
import type { AccessProfile, InstanceRule, PortForwardRule } from "./schema";

// Why no profile reaches an instance. Rules are compared by how far the request got (account, then region,
// then tags, then exclusions); the nearest miss gives the most useful sentence, e.g. that the instance is tagged
// Name=Production while the profile only reaches Name=Develop.

const Stage = { Account: 0, Region: 1, Tags: 2, Excluded: 3 } as const;
type Stage = (typeof Stage)[keyof typeof Stage];

type Rule = InstanceRule | PortForwardRule;
type Miss = { profile: AccessProfile; rule: Rule; stage: Stage };

/** Shell rules (`instances`) or port-forwarding rules, and how the sentences name what they grant. */
const KINDS = {
  shell: { rules: (profile: AccessProfile): Rule[] => profile.instances, verb: "reach", verbs: "reaches" },
  forward: { rules: (profile: AccessProfile): Rule[] => profile.portForwarding, verb: "forward ports from", verbs: "forwards ports only from" },
} as const;
export type InstanceRuleKind = keyof typeof KINDS;

function stageOf(rule: Rule, account: AccountInfo, region: string, tags: InstanceTags | undefined): Stage {
  if (!matchesAccount(rule, account)) return Stage.Account;
  if (!matchesRegion(rule.regions, region)) return Stage.Region;
  if (!tags || !matchesAllTags(rule.tags, tags)) return Stage.Tags;
  return Stage.Excluded;
}

export function explainInstanceDenial(
  profiles: readonly AccessProfile[],
  account: AccountInfo,
  region: string,
  instance?: { id: string; tags: InstanceTags },
  kind: InstanceRuleKind = "shell",
): string {
  const words = KINDS[kind];
  const misses: Miss[] = profiles.flatMap((profile) =>
    words.rules(profile).map((rule) => ({ profile, rule, stage: stageOf(rule, account, region, instance?.tags) })),
  );
  const nearest = misses.reduce<Miss | undefined>((best, miss) => (!best || miss.stage > best.stage ? miss : best), undefined);
  const where = describeAccount(account);
  if (!nearest || nearest.stage === Stage.Account) return `Your profiles (${listProfileIds(profiles)}) do not ${words.verb} any instance in ${where}.`;

  const { profile, stage } = nearest;
  // Every rule of the same profile that got as far, so the sentence lists all the ways that profile could match.
  const peers = misses.filter((miss) => miss.profile === profile && miss.stage === stage).map((miss) => miss.rule);
  if (stage === Stage.Region) {
    const regions = [...new Set(peers.flatMap((rule) => (rule.regions === "all" ? [] : rule.regions)))];
    return kind === "shell"
      ? `Your profile ${profile.id} reaches instances in ${where} only in ${joinWords(regions)}, not in ${region}.`
      : `Your profile ${profile.id} forwards ports from instances in ${where} only in ${joinWords(regions)}, not in ${region}.`;
  }
  // Tags and exclusions only come into it for a specific instance.
  if (!instance) return `Your profiles (${listProfileIds(profiles)}) do not ${words.verb} instances in ${where}, ${region}.`;
  if (stage === Stage.Tags) {
    const conditions = peers.map((rule) => rule.tags ?? {});
    const keys = [...new Set(conditions.flatMap((condition) => Object.keys(condition)))];
    const wanted = joinWords(
      conditions.map((condition) => `tagged ${describeTagConditions(condition)}`),
      "or",
    );
    return kind === "shell"
      ? `Instance ${instance.id} ${describeInstanceTags(instance.tags, keys)}; your profile ${profile.id} only reaches instances ${wanted}.`
      : `Instance ${instance.id} ${describeInstanceTags(instance.tags, keys)}; your profile ${profile.id} ${words.verbs} instances ${wanted}.`;
  }
  const excludedKey = findMatchingTag(nearest.rule.excludeTags, instance.tags);
  const excluded = excludedKey === undefined ? "" : ` is tagged ${excludedKey}=${instance.tags[excludedKey]}, which`;
  return `Instance ${instance.id}${excluded || " is one"} your profile ${profile.id} excludes${kind === "forward" ? " from port forwarding" : ""}.`;
}
