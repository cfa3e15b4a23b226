import "server-only";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, type Credentials as StsCredentials } from "@aws-sdk/client-sts";
import { stsClient, type Credentials } from "@/lib/aws/clients";
import { RoleChainError } from "@/lib/aws/role-chain-error";

// One hop of a role chain: AssumeRole (or AssumeRoleWithWebIdentity) and the credentials it returns. Failures are
// wrapped with the role and the principal so the message can say which trust policy refused whom.

export interface RoleSession {
  credentials: Credentials;
  expiresAt: Date;
  roleArn: string;
  sessionName: string;
  /** The assumed-role ARN (arn:aws:sts::…:assumed-role/Role/session): the principal of the next hop. */
  assumedRoleArn: string;
  /** Whether AWS treats this session as role chaining (it was made with role credentials; capped at 1 h). */
  chained: boolean;
}

export interface HopRequest {
  /** Credentials to call STS with; undefined means the SDK default chain (the broker's own). */
  caller: Credentials | undefined;
  /** The caller as a trust policy names it, for error messages. */
  principal: string;
  /** Whether the caller's credentials are role credentials (makes this hop role chaining). */
  callerIsRole: boolean;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  sourceIdentity?: string;
  /** Session tags, all made transitive so they reach every later hop. */
  tags?: Record<string, string>;
}

function toSession(
  raw: StsCredentials | undefined,
  assumedRoleArn: string | undefined,
  request: Pick<HopRequest, "roleArn" | "sessionName">,
  chained: boolean,
): RoleSession {
  if (!raw?.AccessKeyId || !raw.SecretAccessKey || !raw.SessionToken || !raw.Expiration) {
    throw new Error(`STS returned no credentials for ${request.roleArn}`);
  }
  const expiresAt = new Date(raw.Expiration);
  return {
    credentials: { accessKeyId: raw.AccessKeyId, secretAccessKey: raw.SecretAccessKey, sessionToken: raw.SessionToken, expiration: expiresAt },
    expiresAt,
    roleArn: request.roleArn,
    sessionName: request.sessionName,
    assumedRoleArn: assumedRoleArn ?? request.roleArn,
    chained,
  };
}

export async function assumeRoleHop(request: HopRequest): Promise<RoleSession> {
  const tags = Object.entries(request.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  try {
    const out = await stsClient(request.caller).send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds,
        ...(request.sourceIdentity ? { SourceIdentity: request.sourceIdentity } : {}),
        ...(tags.length ? { Tags: tags, TransitiveTagKeys: tags.map((tag) => tag.Key) } : {}),
      }),
    );
    return toSession(out.Credentials, out.AssumedRoleUser?.Arn, request, request.callerIsRole);
  } catch (error) {
    throw new RoleChainError(request.roleArn, request.principal, error);
  }
}

export interface WebIdentityHopRequest {
  idToken: string;
  /** The token's issuer as trust policies name it (accounts.google.com), for error messages. */
  principal: string;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
}

/** AssumeRoleWithWebIdentity is unsigned in AWS: the Google ID token is the credential, so no broker keys are used. */
export async function assumeRoleWithWebIdentityHop(request: WebIdentityHopRequest): Promise<RoleSession> {
  try {
    const out = await stsClient().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        WebIdentityToken: request.idToken,
        DurationSeconds: request.durationSeconds,
      }),
    );
    return toSession(out.Credentials, out.AssumedRoleUser?.Arn, request, false);
  } catch (error) {
    throw new RoleChainError(request.roleArn, request.principal, error);
  }
}
