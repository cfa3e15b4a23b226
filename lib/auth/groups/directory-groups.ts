import "server-only";
import { z } from "zod";
import { GroupSourceError, normalizeGroupEmails, type GroupSource, type GroupUser } from "./group-source";
import { createServiceAccountTokenProvider, fetchWithTimeout, type ServiceAccountCredentials } from "./service-account-token";

// Group memberships from the Admin SDK Directory API (groups.list with userKey). Direct memberships only:
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

const googleErrorSchema = z.object({ error: z.object({ message: z.string().optional() }).loose() }).loose();

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

  async function fetchPage(user: GroupUser, pageToken: string | undefined, retried = false): Promise<z.infer<typeof groupsPageSchema>> {
    const url = new URL(`${baseUrl}/admin/directory/v1/groups`);
    url.searchParams.set("userKey", user.email);
    url.searchParams.set("maxResults", String(maxResults));
    if (options.customer) url.searchParams.set("customer", options.customer);
    if (pageToken) url.searchParams.set("pageToken", pageToken);

    const token = await tokens.getAccessToken();
    const response = await fetchWithTimeout(
      url.toString(),
      { headers: { authorization: `Bearer ${token}`, accept: "application/json" } },
      timeoutMs,
      "the Google Directory API",
    );
    // A token revoked or expired early: mint a fresh one once before giving up.
    if (response.status === 401 && !retried) {
      tokens.invalidate();
      return fetchPage(user, pageToken, true);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw directoryError(response.status, body, user);
    const page = groupsPageSchema.safeParse(body);
    if (!page.success) {
      throw new GroupSourceError("bad-response", `The Google Directory API answered groups.list with an unexpected body`, {
        status: response.status,
      });
    }
    return page.data;
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

function directoryError(status: number, body: unknown, user: GroupUser): GroupSourceError {
  const parsed = googleErrorSchema.safeParse(body);
  const detail = parsed.success && parsed.data.error.message ? `: ${parsed.data.error.message}` : "";
  if (status === 401) return new GroupSourceError("unauthorized", `The Google Directory API rejected the access token${detail}`, { status });
  if (status === 403) {
    return new GroupSourceError(
      "forbidden",
      `The service account may not list groups (give it the Groups Reader admin role, or domain-wide delegation with a subject)${detail}`,
      { status },
    );
  }
  if (status === 404) return new GroupSourceError("user-not-found", `The Google directory has no user ${user.email}${detail}`, { status });
  if (status >= 500 || status === 429)
    return new GroupSourceError("unavailable", `The Google Directory API is unavailable (HTTP ${status})${detail}`, { status });
  return new GroupSourceError("bad-response", `The Google Directory API answered HTTP ${status}${detail}`, { status });
}
