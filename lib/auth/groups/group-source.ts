import "server-only";

/** Who we look groups up for: the Google `sub` (stable) and the e-mail address (what Google's APIs key on). */
export type GroupUser = { sub: string; email: string };

/**
 * Somewhere Gatehouse learns a person's Google group memberships.
 * Returns group e-mail addresses, lower-cased, sorted, without duplicates. Direct memberships only.
 */
export interface GroupSource {
  listGroups(user: GroupUser): Promise<string[]>;
}

export type GroupSourceErrorCode =
  | "config" // the source is set up wrongly (bad file, bad credentials); an administrator must fix it
  | "token-request-failed" // Google refused to mint an access token for the service account
  | "unauthorized" // the directory refused our access token
  | "forbidden" // the service account may not read groups (missing admin role or delegation)
  | "user-not-found" // the directory does not know this user
  | "group-not-found" // the directory does not know this group (members.list)
  | "timeout"
  | "unavailable" // network failure or a 5xx from Google
  | "bad-response"; // Google answered with something we cannot read

export class GroupSourceError extends Error {
  override readonly name = "GroupSourceError";
  readonly code: GroupSourceErrorCode;
  /** HTTP status of the failing call, when there was one. */
  readonly status: number | undefined;

  constructor(code: GroupSourceErrorCode, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status;
  }
}

/** Lower-case, de-duplicate and sort, so every source returns the same shape and comparisons are stable. */
export function normalizeGroupEmails(emails: Iterable<string>): string[] {
  return [...new Set([...emails].map((email) => email.trim().toLowerCase()))].sort();
}
