import "server-only";
import { readInstanceTags } from "@/lib/instances/read-instance-tags";

// A console destination on one instance's Session Manager page is allowed only by the shell rules, which match the
// instance's tags. Those tags come from AWS (read in lib/instances with the user's own granted role), never from the
// browser, so nobody can claim Name=Develop for a production instance.

export interface InstanceTagsRequest {
  user: { sub: string; email: string; groups: string[]; idToken?: string | null };
  accountId: string;
  region: string;
  instanceId: string;
}

/** The instance's tags as AWS reports them; null when the instance is not there. AWS faults throw ApiError. */
export async function resolveInstanceTags(request: InstanceTagsRequest): Promise<Record<string, string> | null | undefined> {
  return readInstanceTags(request);
}
