import "server-only";
import { ListTagsForResourceCommand, type Tag } from "@aws-sdk/client-organizations";
import { organizationsClient } from "@/lib/aws/clients";
import { getOrgReaderCredentials } from "@/lib/aws/organization-credentials";
import { listAll } from "@/lib/aws/organization-paging";

// One root's, OU's or account's tags, every page, read as the organization reader (the same principal as the sync).

/** Organizations' tag list as a key → value record (a tag without a key is dropped). */
export const tagsToRecord = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? ""]] : [])));

export async function listOrgResourceTags(resourceId: string): Promise<Record<string, string>> {
  const client = organizationsClient(await getOrgReaderCredentials());
  const tags: Tag[] = await listAll(async (NextToken) => {
    const out = await client.send(new ListTagsForResourceCommand({ ResourceId: resourceId, NextToken }));
    return { items: out.Tags, next: out.NextToken };
  });
  return tagsToRecord(tags);
}
