import { randomBytes } from "node:crypto";
import type { IamRole, IamUser, World } from "./world";

// Who is calling: an IAM user with long-term keys, or a role session the sandbox issued through STS.

export interface UserCaller {
  kind: "user";
  accountId: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  user: IamUser;
}

export interface RoleSessionCaller {
  kind: "role-session";
  accountId: string;
  arn: string;
  /** aws:userid for a role session: "<role id>:<session name>". */
  userId: string;
  accessKeyId: string;
  role: IamRole;
  sessionName: string;
  sessionTags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /** True when the caller of AssumeRole was itself a role session (AWS "role chaining"). */
  chained: boolean;
  webIdentity?: { provider: string; subject: string; audience: string };
  issuedAt: Date;
  expiration: Date;
}

export type Caller = UserCaller | RoleSessionCaller;

export interface StoredCredential {
  secretAccessKey: string;
  sessionToken?: string;
  caller: Caller;
}

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export type NewSession = Omit<RoleSessionCaller, "kind" | "accessKeyId" | "arn" | "userId" | "accountId" | "issuedAt" | "expiration">;

/** The sandbox's notion of time; tests move it forward to expire credentials and sign-in tokens. */
export class Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export class CredentialStore {
  private readonly temporary = new Map<string, StoredCredential>();

  constructor(
    private readonly world: World,
    private readonly clock: Clock,
  ) {}

  lookup(accessKeyId: string): StoredCredential | undefined {
    const longTerm = this.world.accessKeys.get(accessKeyId);
    if (longTerm) {
      const { user, secretAccessKey } = longTerm;
      return { secretAccessKey, caller: { kind: "user", accountId: user.accountId, arn: user.arn, userId: user.userId, accessKeyId, user } };
    }
    return this.temporary.get(accessKeyId);
  }

  isExpired(stored: StoredCredential): boolean {
    return stored.caller.kind === "role-session" && stored.caller.expiration.getTime() <= this.clock.now();
  }

  issue(session: NewSession, durationSeconds: number): { credentials: IssuedCredentials; caller: RoleSessionCaller } {
    if (this.temporary.size > 50_000) this.purgeExpired();
    const accessKeyId = `ASIA${randomBase32(16)}`;
    const secretAccessKey = randomBytes(30).toString("base64");
    const sessionToken = `IQoJb3JpZ2luX2VjE${randomBytes(240).toString("base64")}`;
    const issuedAt = new Date(this.clock.now());
    const expiration = new Date(Math.floor(issuedAt.getTime() / 1000 + durationSeconds) * 1000);
    const caller: RoleSessionCaller = {
      ...session,
      kind: "role-session",
      accessKeyId,
      accountId: session.role.accountId,
      arn: `arn:aws:sts::${session.role.accountId}:assumed-role/${session.role.name}/${session.sessionName}`,
      userId: `${session.role.roleId}:${session.sessionName}`,
      issuedAt,
      expiration,
    };
    this.temporary.set(accessKeyId, { secretAccessKey, sessionToken, caller });
    return { credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration }, caller };
  }

  private purgeExpired(): void {
    for (const [key, stored] of this.temporary) if (this.isExpired(stored)) this.temporary.delete(key);
  }
}

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! % 32];
  return out;
}
