import "server-only";
import { z } from "zod";
import { GroupSourceError, normalizeGroupEmails, type GroupSource, type GroupUser } from "./group-source";
import { getDirectoryJson } from "./directory-request";
import { createServiceAccountTokenProvider, type ServiceAccountCredentials } from "./service-account-token";

// Group memberships from the Admin SDK Directory API (groups.list with userKey; docs/google-directory-facts.md). Direct memberships only:
// Google does not document nested-group expansion for this call.

export const DIRECTORY_GROUP_READONLY_SCOPE = "https://www.googleapis.com/auth/admin.directory.group.readonly";
export const GOOGLE_DIRECTORY_BASE_URL = "https://admin.googleapis.com";
const MAX_PAGES = 100; // 100 x 200 groups: far beyond any real user; stops a looping pageToken

export type DirectoryGroupSourceOptions = {
  credentials: ServiceAccountCredentials;
  /** Domain-wide delegation: an administrator to impersonate. Omit when the service account has an admin role. */
  subject?: string;
  /** Customer ID, or "my_customer"; sent as `customer` when set. */
  customer?: string;
  /** Defaults to https://admin.googleapis.com; tests point it at the sandbox. */
  directoryBaseUrl?: string;
  /** Per HTTP request. Default 10 s. */
  timeoutMs?: number;
  /** Page size asked for, 1–200 (Google's maximum). Default 200. */
  maxResults?: number;
};

const groupsPageSchema = z.object({
  groups: z.array(z.object({ email: z.string() }).loose()).optional(), // Google omits `groups` when there are none
  nextPageToken: z.string().optional(),
});

export function createDirectoryGroupSource(options: DirectoryGroupSourceOptions): GroupSource {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResults = options.maxResults ?? 200;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 200) {
    throw new GroupSourceError("config", `maxResults must be an integer from 1 to 200 (got ${maxResults})`);
  }
  const baseUrl = (options.directoryBaseUrl ?? GOOGLE_DIRECTORY_BASE_URL).replace(/\/+$/, "");
  const tokens = createServiceAccountTokenProvider({
    credentials: options.credentials,
    scopes: [DIRECTORY_GROUP_READONLY_SCOPE],
    ...(options.subject ? { subject: options.subject } : {}),
    timeoutMs,
  });

  function fetchPage(user: GroupUser, pageToken: string | undefined): Promise<z.infer<typeof groupsPageSchema>> {
    const url = new URL(`${baseUrl}/admin/directory/v1/groups`);
    url.searchParams.set("userKey", user.email);
    url.searchParams.set("maxResults", String(maxResults));
    if (options.customer) url.searchParams.set("customer", options.customer);
    if (pageToken) url.searchParams.set("pageToken", pageToken);
    return getDirectoryJson(url, tokens, timeoutMs, groupsPageSchema, {
      method: "groups.list",
      forbiddenAction: "list groups",
      notFound: { code: "user-not-found", message: `The Google directory has no user ${user.email}` },
    });
  }

  return {
    async listGroups(user) {
      const emails: string[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result = await fetchPage(user, pageToken);
        emails.push(...(result.groups ?? []).map((g) => g.email));
        pageToken = result.nextPageToken;
        if (!pageToken) return normalizeGroupEmails(emails);
      }
      throw new GroupSourceError("bad-response", `The Google Directory API kept returning pages for ${user.email}`);
    },
  };
}
