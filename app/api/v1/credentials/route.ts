// POST /api/v1/credentials - temporary credentials for a role, as credential_process output (Version 1):
// { account: <id or name>, role, reason? }; decided, audited and rate-limited like a console sign-in
import type { CredentialProcessOutput } from "@/lib/cli/cli-api";
import { credentialsInputSchema, issueCredentials } from "@/lib/cli/issue-credentials";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  accept: ["cli-token"],
  input: { from: "json", schema: credentialsInputSchema },
  issues: "credentials.issue",
  async handle({ actor, input }): Promise<CredentialProcessOutput> {
    const issued = await issueCredentials({ actor, input });
    return {
      Version: 1,
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      Expiration: issued.expiration.toISOString(),
      AccountId: issued.accountId,
    };
  },
});
