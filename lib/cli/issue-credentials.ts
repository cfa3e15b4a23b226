import "server-only";
import { z } from "zod";
import { decide } from "@/lib/access";
import { roleNameSchema } from "@/lib/access/ids";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { chainUserOf, subjectOf, type Actor } from "@/lib/actor/actor";
import { recordAudit, type AuditRecord } from "@/lib/audit/record";
import { awsServiceError } from "@/lib/aws/errors";
import { describeRoleChainFault } from "@/lib/aws/role-chain-error";
import { assumeTargetRole, forgetTargetRole } from "@/lib/aws/role-chain";
import { getConfig } from "@/lib/config";
import { lookUpAccount } from "@/lib/console/account-lookup";
import { ServiceError, type ErrorCode } from "@/lib/errors";
import { listAccounts, type OrgAccount } from "@/lib/org/accounts";

// Temporary AWS credentials for one role: for the command line (POST /api/v1/credentials, credential_process), and
// for the portal's explicit "Copy temporary credentials" (POST /api/credentials). The same path as "Open console"
// (lib/console/open-console.ts): the account is resolved from the stored tree (by id, or by exact name), decide()
// applies the console:open rules, and the records are written in order: `denied` (nothing asked of AWS), or
// `allowed` before the role chain, then `issued` (written before the credentials leave the server) or `error`.

/** Credentials handed out have at least this long left: botocore refreshes 15 minutes before expiry. */
const MIN_REMAINING_MS = 20 * 60_000;

export const credentialsInputSchema = z.object({
  account: z
    .string({ error: "expected an account id or name" })
    .trim()
    .min(1, { error: "expected an account id or name" })
    .max(128, { error: "expected at most 128 characters" })
    .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, { error: "expected printable text" }),
  role: roleNameSchema,
  reason: z
    .string({ error: "expected text" })
    .max(1000, { error: "expected at most 1000 characters" })
    .optional()
    .transform((reason) => reason?.trim() || undefined),
});

export type CredentialsInput = z.output<typeof credentialsInputSchema>;

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  accountId: string;
  roleArn: string;
  auditId: string;
}

type Fields = Omit<AuditRecord, "outcome" | "action">;

const audit = (outcome: AuditRecord["outcome"], fields: Fields) => recordAudit({ action: "credentials.issue", outcome, ...fields });

async function refuse(fields: Fields, code: ErrorCode, reason: string): Promise<never> {
  await audit("denied", { ...fields, detail: `${code}: ${reason}` });
  throw new ServiceError(code, reason);
}

/** The account an id or an exact name means: the id as given (decide() refuses one the tree lacks), or by name. */
async function resolveAccount(given: string): Promise<{ accountId: string; account: OrgAccount | null } | { problem: [ErrorCode, string] }> {
  if (/^\d{12}$/.test(given)) return { accountId: given, account: await lookUpAccount(given) };
  const named = (await listAccounts()).filter((account) => account.name === given);
  if (named.length === 1) return { accountId: named[0]!.id, account: named[0]! };
  if (named.length === 0)
    return {
      problem: [
        "unknown-account",
        `No account in the organization is named "${given}" (names must match exactly, or give the 12-digit id). gatehouse ls lists the accounts you may use.`,
      ],
    };
  return {
    problem: [
      "invalid-input",
      `${named.length} accounts are named "${given}" (${named.map((account) => account.id).join(", ")}): give the account id instead.`,
    ],
  };
}

export async function issueCredentials({ actor, input }: { actor: Actor; input: CredentialsInput }): Promise<IssuedCredentials> {
  const to = actor.via === "cli-token" ? "the command line" : "the browser (Copy temporary credentials)";
  const fields: Fields = { actor, accountId: input.account, roleName: input.role, reason: input.reason ?? null, destination: to };
  if (actor.via === "cli-token" && getConfig().BROKER_MODE === "web-identity") {
    await refuse(
      fields,
      "unsupported-session",
      "This Gatehouse starts every role chain with the person's own Google ID token (BROKER_MODE=web-identity), which only a browser sign-in holds, so it cannot give the command line credentials. Use Copy temporary credentials in the portal, or ask an administrator about BROKER_MODE keys or role.",
    );
  }
  const resolved = await resolveAccount(input.account);
  if ("problem" in resolved) return refuse(fields, ...resolved.problem);
  const { accountId, account } = resolved;
  fields.accountId = accountId;

  const policy = await getAccessPolicy();
  const decision = decide(subjectOf(actor), { action: "console:open", accountId, roleName: input.role, reason: input.reason }, { policy, account });
  if (!decision.allowed) return refuse(fields, decision.code, decision.reason);

  const decided = { ...fields, profileId: decision.profile.id };
  await audit("allowed", { ...decided, detail: decision.reason });
  const chainInput = { user: chainUserOf(actor), profile: decision.profile, accountId, roleName: input.role };
  let session;
  try {
    session = await assumeTargetRole(chainInput);
    // A cached session close to its end is replaced, so what is handed out outlives the SDKs' refresh windows.
    if (session.expiresAt.getTime() - Date.now() < MIN_REMAINING_MS) {
      forgetTargetRole(chainInput);
      session = await assumeTargetRole(chainInput);
    }
    if (!session.credentials.sessionToken) throw new Error("the role chain returned credentials without a session token");
  } catch (error) {
    const fault = describeRoleChainFault(error);
    const failure = awsServiceError(fault);
    await audit("error", { ...decided, detail: `${failure.code}: ${fault.message}` });
    throw failure;
  }
  const { credentials } = session;
  // On record before they leave the server (if this write fails, nothing is handed out and the answer is 503).
  const auditId = await audit("issued", {
    ...decided,
    detail: `temporary credentials ${credentials.accessKeyId} for ${session.roleArn} as ${session.sessionName}, until ${session.expiresAt.toISOString()}, to ${to}${actor.deviceName ? ` (device "${actor.deviceName}")` : ""}`,
  });
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken!,
    expiration: session.expiresAt,
    accountId,
    roleArn: session.roleArn,
    auditId,
  };
}

/** Shell lines that put the credentials in the environment (values single-quoted; they never hold a quote). */
export function toExportLines(issued: Pick<IssuedCredentials, "accessKeyId" | "secretAccessKey" | "sessionToken">): string {
  const quote = (value: string) => {
    if (value.includes("'")) throw new ServiceError("internal", "AWS returned a credential that cannot be written as a shell value.");
    return `'${value}'`;
  };
  return [
    `export AWS_ACCESS_KEY_ID=${quote(issued.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${quote(issued.secretAccessKey)}`,
    `export AWS_SESSION_TOKEN=${quote(issued.sessionToken)}`,
  ].join("\n");
}
