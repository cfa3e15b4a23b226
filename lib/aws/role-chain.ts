import "server-only";
import { decodeJwt } from "jose";
import type { AccessProfile } from "@/lib/access";
import { ACCOUNT_ID, ROLE_NAME } from "@/lib/access";
import { assumeRoleHop, assumeRoleWithWebIdentityHop, type RoleSession } from "@/lib/aws/assume-role-hop";
import { getBroker, resetBrokerCache, resolveBrokerPrincipal } from "@/lib/aws/broker-credentials";
import type { Credentials } from "@/lib/aws/clients";
import { CredentialCache } from "@/lib/aws/credential-cache";
import { IdTokenUnavailableError, RoleChainError } from "@/lib/aws/role-chain-error";
import { planSessionSeconds } from "@/lib/aws/session-duration";
import { toSessionName, toTagValue } from "@/lib/aws/session-name";
import { getConfig } from "@/lib/config";

// The Custodian pattern's role chain: broker → the Custodian role of the user's profile → the role in the target
// account. Each hop carries the user's email as RoleSessionName and SourceIdentity (CloudTrail and SSM show who it
// was) and the session tags { email, profile }, made transitive so the target session has them as
// aws:PrincipalTag/*. Credentials are cached per user and role until five minutes before expiry; they stay in this
// process (never sent to a browser, never logged).

export interface RoleChainUser {
  sub: string;
  email: string;
  /** The user's Google ID token (from the session JWT); needed only with BROKER_MODE=web-identity. */
  idToken?: string | null;
}

export interface AssumeTargetRoleInput {
  user: RoleChainUser;
  profile: Pick<AccessProfile, "id" | "custodianRole" | "maxSessionSeconds">;
  accountId: string;
  roleName: string;
  /** Asked-for session length; capped by AWS rules (1 h when chained) and the profile's maxSessionSeconds. */
  durationSeconds?: number;
  /**
   * Cached credentials with less life left than this are not reused: the role is assumed afresh. Console sign-in
   * asks for it, because the console session ends when the credentials it was made from expire.
   */
  minRemainingSeconds?: number;
}

export interface TargetRoleSession {
  credentials: Credentials;
  expiresAt: Date;
  roleArn: string;
  sessionName: string;
  /** Made with role credentials: AWS capped it at one hour, and getSigninToken must not get a SessionDuration. */
  chained: boolean;
}

const custodianSessions = new CredentialCache<RoleSession>({ maxEntries: 5000 });
const targetSessions = new CredentialCache<RoleSession>({ maxEntries: 20_000 });

/** arn:<partition>:iam::<account>:role/<name> for the configured partition. */
export function roleArnFor(accountId: string, roleName: string): string {
  return `arn:${getConfig().AWS_PARTITION}:iam::${accountId}:role/${roleName}`;
}

/** Credentials for `roleName` in `accountId`, as the user, through their profile's Custodian role. */
export async function assumeTargetRole(input: AssumeTargetRoleInput): Promise<TargetRoleSession> {
  if (!ACCOUNT_ID.test(input.accountId)) throw new Error("assumeTargetRole: the account id must be 12 digits");
  if (!ROLE_NAME.test(input.roleName)) throw new Error("assumeTargetRole: the role name is not a valid IAM role name");
  const mode = getConfig().BROKER_MODE;
  const roleArn = roleArnFor(input.accountId, input.roleName);
  const sessionName = toSessionName(input.user.email);
  const key = [mode, input.user.sub, input.profile.custodianRole, roleArn].join("|");
  const freshness = input.minRemainingSeconds !== undefined ? { minRemainingMs: input.minRemainingSeconds * 1000 } : {};
  const session = await targetSessions.get(
    key,
    async () => {
      // The Custodian session's own remaining life matters only when it is the target (a chained hop gets its own hour).
      const custodian = await assumeCustodianRole(input.user, input.profile, sessionName, roleArn === input.profile.custodianRole ? freshness : {});
      if (roleArn === input.profile.custodianRole) return custodian;
      const identityNotYetSet = mode === "web-identity";
      return assumeRoleHop({
        caller: custodian.credentials,
        principal: input.profile.custodianRole,
        callerIsRole: true,
        roleArn,
        sessionName,
        durationSeconds: planHop(input.profile, true, input.durationSeconds),
        // With web identity the Custodian session could not be tagged (Google tokens carry no AWS tags), so this hop sets
        // identity and tags; otherwise they are inherited (transitive) and must not be passed again.
        ...(identityNotYetSet ? { sourceIdentity: sessionName, tags: sessionTags(input.user, input.profile) } : {}),
      });
    },
    freshness,
  );
  return {
    credentials: session.credentials,
    expiresAt: session.expiresAt,
    roleArn: session.roleArn,
    sessionName: session.sessionName,
    chained: session.chained,
  };
}

/**
 * Drops the cached credentials of one user and role (and their Custodian session), e.g. after the console sign-in
 * endpoint refused them, so a retry assumes the roles afresh.
 */
export function forgetTargetRole(input: Pick<AssumeTargetRoleInput, "user" | "profile" | "accountId" | "roleName">): void {
  const mode = getConfig().BROKER_MODE;
  targetSessions.delete([mode, input.user.sub, input.profile.custodianRole, roleArnFor(input.accountId, input.roleName)].join("|"));
  custodianSessions.delete([mode, input.user.sub, input.profile.custodianRole].join("|"));
}

/** How long a session for this role will last and whether it is role-chained, without calling AWS. */
export function predictTargetSession(profile: AssumeTargetRoleInput["profile"], accountId: string, roleName: string): { seconds: number; chained: boolean } {
  const mode = getConfig().BROKER_MODE;
  const chained = roleArnFor(accountId, roleName) !== profile.custodianRole || mode === "role";
  return { seconds: planHop(profile, chained), chained };
}

function planHop(profile: AssumeTargetRoleInput["profile"], chained: boolean, requested?: number): number {
  return planSessionSeconds({
    chained,
    configured: getConfig().CONSOLE_SESSION_SECONDS,
    ...(requested !== undefined ? { requested } : {}),
    ...(profile.maxSessionSeconds !== undefined ? { profileMax: profile.maxSessionSeconds } : {}),
  });
}

const sessionTags = (user: RoleChainUser, profile: AssumeTargetRoleInput["profile"]) => ({ email: toTagValue(user.email), profile: profile.id });

function assumeCustodianRole(
  user: RoleChainUser,
  profile: AssumeTargetRoleInput["profile"],
  sessionName: string,
  freshness: { minRemainingMs?: number },
): Promise<RoleSession> {
  const mode = getConfig().BROKER_MODE;
  const key = [mode, user.sub, profile.custodianRole].join("|");
  return custodianSessions.get(
    key,
    async () => {
      if (mode === "web-identity") {
        return assumeRoleWithWebIdentityHop({
          idToken: requireLiveIdToken(user.idToken),
          principal: `the Google identity of ${user.email} (web identity from ${new URL(getConfig().GOOGLE_ISSUER).host})`,
          roleArn: profile.custodianRole,
          sessionName,
          durationSeconds: planHop(profile, false),
        });
      }
      const broker = await getBroker();
      try {
        return await assumeRoleHop({
          caller: broker.credentials,
          principal: broker.principal,
          callerIsRole: broker.isRole,
          roleArn: profile.custodianRole,
          sessionName,
          durationSeconds: planHop(profile, broker.isRole),
          sourceIdentity: sessionName,
          tags: sessionTags(user, profile),
        });
      } catch (error) {
        // Name the broker by its ARN in the message when AWS refused it; looked up only on this error path.
        if (error instanceof RoleChainError && !broker.isRole) {
          const arn = await resolveBrokerPrincipal();
          if (arn) throw new RoleChainError(error.roleArn, arn, error.cause);
        }
        throw error;
      }
    },
    freshness,
  );
}

/** Google ID tokens last one hour; an expired one is refused here rather than by STS. */
function requireLiveIdToken(idToken: string | null | undefined): string {
  if (!idToken) throw new IdTokenUnavailableError(false);
  let exp: number | undefined;
  try {
    exp = decodeJwt(idToken).exp;
  } catch {
    throw new IdTokenUnavailableError(false);
  }
  if (exp !== undefined && exp * 1000 <= Date.now()) throw new IdTokenUnavailableError(true);
  return idToken;
}

/** Forgets every cached credential (tests; an administrator rotating broker keys restarts the server instead). */
export function resetRoleChainCache(): void {
  custodianSessions.clear();
  targetSessions.clear();
  resetBrokerCache();
}
