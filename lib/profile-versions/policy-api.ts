// The answers of the profile-version routes (/api/admin/policy*, /api/v1/admin/policy*), as the admin pages and
// `gatehouse policy` read them. Isomorphic types only: no server code, so the command line may import it.

export type RoleChange = { accountId: string; accountName: string; roleName: string; profileId: string };
export type RuleChange = { kind: "shell" | "forward"; profileId: string; summary: string };

export type PersonChange = {
  email: string;
  gainedRoles: RoleChange[];
  lostRoles: RoleChange[];
  gainedRules: RuleChange[];
  lostRules: RuleChange[];
  /** Administration gained (true), lost (false), or unchanged (absent). */
  admin?: boolean;
};

export type AccessDiff = {
  people: PersonChange[];
  totals: { people: number; gainedRoles: number; lostRoles: number; gainedRules: number; lostRules: number };
  /** Profile ids added, removed and changed, from the text's parsed form. */
  profiles: { added: string[]; removed: string[]; changed: string[] };
  /** The people administering Gatehouse after the change. */
  adminsAfter: string[];
};

/** A validation error: where in the text (1-based line and column) and which field. */
export type TextIssue = { line: number; column: number; path: string; message: string };

export type Preview =
  | { valid: false; baseVersion: number; issues: TextIssue[]; message: string }
  | { valid: true; baseVersion: number; unchanged: boolean; diff: AccessDiff; summary: string; refusal: string | null; warnings: string[] };

export type Applied = { version: number; unchanged: boolean; summary: string; diff: AccessDiff };

export type VersionSummary = {
  version: number;
  sha256: string;
  message: string;
  source: string;
  restoredFrom: number | null;
  authorEmail: string;
  createdAt: string;
};

export type VersionDetail = VersionSummary & { text: string; diff: AccessDiff | null; current: number };

export type ProfileVersions = { current: number; versions: VersionSummary[] };
