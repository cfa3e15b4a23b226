import "server-only";
import { assumeRoleHop, type RoleSession } from "@/lib/aws/assume-role-hop";
import { getBroker } from "@/lib/aws/broker-credentials";
import type { Credentials } from "@/lib/aws/clients";
import { CredentialCache } from "@/lib/aws/credential-cache";
import { CHAINED_SESSION_SECONDS } from "@/lib/aws/session-duration";
import { getConfig } from "@/lib/config";

// Whom the organization sync reads AWS Organizations as. The broker usually lives in the management account; when
// it does not, ORG_READER_ROLE_ARN names a role in the management (or a delegated administrator) account that the
// broker may assume. The role session is cached until five minutes before it expires.

const cache = new CredentialCache<RoleSession>({ maxEntries: 2 });
const SESSION_NAME = "gatehouse-org-sync";

/** Credentials for Organizations calls; undefined means the SDK default chain (the broker's own keys). */
export async function getOrgReaderCredentials(): Promise<Credentials | undefined> {
  const roleArn = getConfig().ORG_READER_ROLE_ARN;
  const broker = await getBroker();
  if (!roleArn) return broker.credentials;
  const session = await cache.get(roleArn, () =>
    assumeRoleHop({
      caller: broker.credentials,
      principal: broker.principal,
      callerIsRole: broker.isRole,
      roleArn,
      sessionName: SESSION_NAME,
      // One hour is accepted whether or not the hop is role chaining, and a sync takes minutes.
      durationSeconds: CHAINED_SESSION_SECONDS,
    }),
  );
  return session.credentials;
}

/** Describes whom Organizations sees, for error messages ("… as role X"). */
export function describeOrgReader(): string {
  const roleArn = getConfig().ORG_READER_ROLE_ARN;
  return roleArn ? `role ${roleArn}` : "Gatehouse's broker credentials";
}
