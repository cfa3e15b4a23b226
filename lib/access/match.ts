import "server-only";
import type { AccountSelector, TagConditions } from "./schema";

// Pure matching of accounts, regions and tags against profile rules. decide() and the listing helpers share
// these, so what the UI offers is exactly what a request is allowed.

/** An account as the org tree knows it. `ouPath` lists the OU ids from the root down to the account's parent. */
export type AccountInfo = { id: string; name?: string; status: string; ouPath: readonly string[] };
export type InstanceTags = Readonly<Record<string, string>>;

export function matchesAccount(selector: AccountSelector, account: Pick<AccountInfo, "id" | "ouPath">): boolean {
  if (selector.excludeAccounts?.includes(account.id)) return false;
  if (selector.accounts === "all" || selector.accounts?.includes(account.id)) return true;
  return selector.ous?.some((ou) => account.ouPath.includes(ou)) ?? false;
}

export const matchesRegion = (regions: "all" | readonly string[], region: string) => regions === "all" || regions.includes(region);

/**
 * IAM StringLike: `*` is any run of characters (including none), `?` exactly one; case-sensitive. A greedy
 * two-pointer walk rather than a RegExp, so no pattern in the file can make matching backtrack exponentially.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  const want = Array.from(pattern);
  const have = Array.from(value);
  let p = 0;
  let v = 0;
  let star = -1; // position of the last `*` seen, to retry from when a literal run fails
  let resume = 0; // where in the value that `*` currently stops
  while (v < have.length) {
    if (p < want.length && want[p] !== "*" && (want[p] === "?" || want[p] === have[v])) {
      p += 1;
      v += 1;
    } else if (p < want.length && want[p] === "*") {
      star = p;
      resume = v;
      p += 1;
    } else if (star >= 0) {
      p = star + 1;
      resume += 1;
      v = resume;
    } else {
      return false;
    }
  }
  while (want[p] === "*") p += 1;
  return p === want.length;
}

const tagValue = (tags: InstanceTags, key: string) => (Object.hasOwn(tags, key) ? tags[key] : undefined);

const keyMatches = (tags: InstanceTags, key: string, patterns: readonly string[]) => {
  const value = tagValue(tags, key);
  return value !== undefined && patterns.some((pattern) => matchesPattern(pattern, value));
};

/** Every key in `conditions` is present with a value matching one of its patterns (no conditions: any tags). */
export const matchesAllTags = (conditions: TagConditions | undefined, tags: InstanceTags) =>
  Object.entries(conditions ?? {}).every(([key, patterns]) => keyMatches(tags, key, patterns));

/** The first key of `conditions` the tags match, used for exclusions; undefined if none does. */
export const findMatchingTag = (conditions: TagConditions | undefined, tags: InstanceTags) =>
  Object.entries(conditions ?? {}).find(([key, patterns]) => keyMatches(tags, key, patterns))?.[0];

/** "Name=Develop", "Name=Develop or Staging and Team=web". */
export const describeTagConditions = (conditions: TagConditions) =>
  Object.entries(conditions)
    .map(([key, patterns]) => `${key}=${patterns.join(" or ")}`)
    .join(" and ");

/** How the instance is tagged for the keys a rule looks at: "is tagged Name=Production", "has no Name tag". */
export function describeInstanceTags(tags: InstanceTags, keys: readonly string[]): string {
  const present = keys.filter((key) => tagValue(tags, key) !== undefined).map((key) => `${key}=${tagValue(tags, key)}`);
  const missing = keys.filter((key) => tagValue(tags, key) === undefined);
  const parts = [...(present.length ? [`is tagged ${present.join(", ")}`] : []), ...(missing.length ? [`has no ${missing.join(" or ")} tag`] : [])];
  return parts.join(" and ") || "has no tags";
}
