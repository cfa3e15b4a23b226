import "server-only";
import { z } from "zod";
import { DIRECTORY_GROUP_READONLY_SCOPE, GOOGLE_DIRECTORY_BASE_URL, type DirectoryGroupSourceOptions } from "./directory-groups";
import { getDirectoryJson } from "./directory-request";
import { GroupSourceError, normalizeGroupEmails } from "./group-source";
import { createServiceAccountTokenProvider } from "./service-account-token";

// A group's people from the Admin SDK Directory API (members.list, docs/google-directory-facts.md). Direct members
// only, as everywhere in Gatehouse: members of type GROUP (a nested group) are not expanded, and CUSTOMER ("everyone
// in the domain") members are not people; only type USER members are kept. The groups.readonly scope that
// groups.list uses is one of the scopes members.list accepts, so the same service account setup serves both.

const MAX_PAGES = 500; // 500 x 200 members = 100,000: far beyond a group that grants AWS access; stops a looping pageToken

const membersPageSchema = z.object({
  members: z.array(z.object({ email: z.string().optional(), type: z.string().optional() }).loose()).optional(), // omitted when empty
  nextPageToken: z.string().optional(),
});

export type GroupMemberListing = {
  /** The e-mail addresses (lower-cased, sorted) of the group's direct members of type USER. */
  listMembers(groupEmail: string): Promise<string[]>;
};

export function createDirectoryMemberListing(options: DirectoryGroupSourceOptions): GroupMemberListing {
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

  return {
    async listMembers(groupEmail) {
      const group = groupEmail.trim().toLowerCase();
      const emails: string[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const url = new URL(`${baseUrl}/admin/directory/v1/groups/${encodeURIComponent(group)}/members`);
        url.searchParams.set("maxResults", String(maxResults));
        if (pageToken) url.searchParams.set("pageToken", pageToken);
        const result = await getDirectoryJson(url, tokens, timeoutMs, membersPageSchema, {
          method: "members.list",
          forbiddenAction: "list group members",
          notFound: { code: "group-not-found", message: `The Google directory has no group ${group}` },
        });
        for (const member of result.members ?? []) if (member.type === "USER" && member.email) emails.push(member.email);
        pageToken = result.nextPageToken;
        if (!pageToken) return normalizeGroupEmails(emails);
      }
      throw new GroupSourceError("bad-response", `The Google Directory API kept returning pages of members for ${group}`);
    },
  };
}
