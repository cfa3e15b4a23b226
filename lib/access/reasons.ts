import "server-only";
import type { AccountInfo } from "./match";
import type { AccessProfile } from "./schema";

// Sentence pieces for decisions. Reasons are shown to the user and written to the audit log, so they name the
// profile, role, account and tags involved in plain words.

export const describeAccount = (account: Pick<AccountInfo, "id" | "name">) =>
  account.name ? `account ${account.id} (${account.name})` : `account ${account.id}`;

export const listProfileIds = (profiles: readonly Pick<AccessProfile, "id">[]) => profiles.map((profile) => profile.id).join(", ");

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[], conjunction = "and"): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}

export function describeNoProfile(groups: readonly string[]): string {
  if (groups.length === 0) return "You have no access profile: you are in no group that grants one. Ask an administrator for access.";
  return `You have no access profile: none of your groups (${groups.join(", ")}) is granted one. Ask an administrator for access.`;
}

const ACTION_WORDS = {
  "admin:sync": "sync the organization",
  "admin:people": "see people and end their sessions",
  "admin:access": "see who can reach what, change the access profiles and check the AWS roles",
  "health:details": "see the health report's details",
  "audit:view-all": "view every user's audit events",
  "sessions:view-all": "view every user's sessions",
} as const;

export const describeAdminAction = (action: keyof typeof ACTION_WORDS) => ACTION_WORDS[action];
