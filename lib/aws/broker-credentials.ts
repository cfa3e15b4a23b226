import "server-only";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { assumeRoleHop, type RoleSession } from "@/lib/aws/assume-role-hop";
import { stsClient, type Credentials } from "@/lib/aws/clients";
import { CredentialCache } from "@/lib/aws/credential-cache";
import { CHAINED_SESSION_SECONDS } from "@/lib/aws/session-duration";
import { getConfig } from "@/lib/config";

// The start of every role chain: Gatehouse's own AWS identity, per BROKER_MODE.
// - keys: the SDK default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, …) holding long-term IAM user
//   keys. The Custodian hop is then NOT role chaining, so it may last up to the role's maximum.
// - role: BROKER_ROLE_ARN assumed from the default chain first and shared by every user. Every later hop is role
//   chaining, so Custodian and target sessions (and consoles) last at most one hour.
// - web-identity: no broker at all; the user's Google ID token goes straight to the Custodian role (role-chain.ts).

export interface Broker {
  /** Credentials for the Custodian hop; undefined = the SDK default chain. */
  credentials: Credentials | undefined;
  /** How a trust policy names the broker (for error messages). */
  principal: string;
  /** Whether the broker's credentials are role credentials (the next hop is then role chaining). */
  isRole: boolean;
}

const cache = new CredentialCache<RoleSession>({ maxEntries: 4 });
const BROKER_SESSION_NAME = "gatehouse-broker";

/** The broker for BROKER_MODE keys or role. */
export async function getBroker(): Promise<Broker> {
  const config = getConfig();
  if (config.BROKER_MODE !== "role" || !config.BROKER_ROLE_ARN) {
    return { credentials: undefined, principal: await describeBrokerPrincipal(), isRole: false };
  }
  const roleArn = config.BROKER_ROLE_ARN;
  const session = await cache.get(roleArn, () =>
    assumeRoleHop({
      caller: undefined,
      principal: "Gatehouse's own credentials (the SDK default chain)",
      callerIsRole: false,
      roleArn,
      sessionName: BROKER_SESSION_NAME,
      durationSeconds: CHAINED_SESSION_SECONDS,
    }),
  );
  return { credentials: session.credentials, principal: roleArn, isRole: true };
}

let principal: string | undefined;

/**
 * The broker's ARN for messages, once known. Resolved by GetCallerIdentity only after a refusal (see
 * resolveBrokerPrincipal), so the fast path never makes the extra call.
 */
async function describeBrokerPrincipal(): Promise<string> {
  return principal ?? "Gatehouse's broker (its long-term AWS keys)";
}

/** Looks up the broker's ARN (GetCallerIdentity) to name it in an error message; never throws. */
export async function resolveBrokerPrincipal(): Promise<string | undefined> {
  if (principal) return principal;
  try {
    const out = await stsClient().send(new GetCallerIdentityCommand({}));
    // An IAM user's ARN is what a trust policy names; keep it as the SDK reports it.
    principal = out.Arn ?? undefined;
  } catch {
    // The broker's own credentials are the problem; the caller's message already says so.
  }
  return principal;
}

/** Forgets cached broker credentials (tests, and after a credential rotation). */
export function resetBrokerCache(): void {
  cache.clear();
  principal = undefined;
}
