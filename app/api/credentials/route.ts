// POST /api/credentials - "Copy temporary credentials": { accountId, roleName, reason? } → shell export lines for the
// clipboard; the one way AWS credentials reach a browser, on the person's explicit request, audited credentials.issue
import { z } from "zod";
import { accountIdSchema, roleNameSchema } from "@/lib/access/ids";
import type { CopiedCredentials } from "@/lib/cli/cli-api";
import { credentialsInputSchema, issueCredentials, toExportLines } from "@/lib/cli/issue-credentials";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const schema = z
  .object({ accountId: accountIdSchema, roleName: roleNameSchema, reason: credentialsInputSchema.shape.reason })
  .transform((input) => ({ account: input.accountId, role: input.roleName, reason: input.reason }));

export const POST = route({
  input: { from: "json", schema },
  issues: "credentials.issue",
  async handle({ actor, input }): Promise<CopiedCredentials> {
    const issued = await issueCredentials({ actor, input });
    return { exports: toExportLines(issued), expiration: issued.expiration.toISOString(), roleArn: issued.roleArn };
  },
});
