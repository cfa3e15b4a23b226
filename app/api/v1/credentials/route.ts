// POST /api/v1/credentials - temporary credentials for a role, as credential_process output (Version 1):
// { account: <id or name>, role, reason? }; decided, audited and rate-limited like a console sign-in
import { NextResponse } from "next/server";
import type { CredentialProcessOutput } from "@/lib/cli/cli-api";
import { credentialsInputSchema, issueCredentials } from "@/lib/cli/issue-credentials";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  accept: ["cli-token"],
  input: { from: "json", schema: credentialsInputSchema },
  issues: "credentials.issue",
  async handle({ actor, input }): Promise<{ output: CredentialProcessOutput; serviceMs: number }> {
    const started = performance.now();
    const issued = await issueCredentials({ actor, input });
    const output: CredentialProcessOutput = {
      Version: 1,
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      Expiration: issued.expiration.toISOString(),
      AccountId: issued.accountId,
    };
    return { output, serviceMs: performance.now() - started };
  },
  // The service's own time (decision, audit records, role chain), so a benchmark can tell it from the round trip.
  respond: ({ output, serviceMs }) => NextResponse.json(output, { headers: { ...NO_STORE, "Server-Timing": `credentials;dur=${serviceMs.toFixed(1)}` } }),
});
