import type { RoleSessionCaller } from "../state/credentials";
import type { World } from "../state/world";
import type { WebIdentityVerifier } from "../services/web-identity";
import type { Authorizer } from "./authorizer";

// Runs one simulation per role template and IAM user at start-up. That loads the simulator's IAM data (so the
// first real request is fast) and validates every seed policy: a typo in default.yaml stops the sandbox with
// the policy named, instead of failing some later request.

export async function warmUpAuthorizer(world: World, authorizer: Authorizer, webIdentity: WebIdentityVerifier): Promise<void> {
  const roleNames = new Set(world.seed.iam.roles.map((r) => r.name));
  for (const name of roleNames) {
    const template = world.seed.iam.roles.find((r) => r.name === name)!;
    const accountId = template.accounts === "all" ? world.accountList[0]!.id : template.accounts[0]!;
    const role = world.role(accountId, name)!;
    const caller: RoleSessionCaller = {
      kind: "role-session",
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${name}/sandbox-warm-up`,
      userId: `${role.roleId}:sandbox-warm-up`,
      accessKeyId: "ASIAWARMUP",
      role,
      sessionName: "sandbox-warm-up",
      sessionTags: {},
      transitiveTagKeys: [],
      chained: false,
      issuedAt: new Date(0),
      expiration: new Date(0),
    };
    try {
      await authorizer.authorize({
        caller,
        action: "sts:AssumeRole",
        resource: role.arn,
        resourceAccountId: accountId,
        region: world.regions[0]!,
        resourcePolicy: { key: `warm-up/${role.arn}`, document: webIdentity.normalizedTrust(role.arn, role.trustPolicy) },
      });
    } catch (error) {
      throw new Error(`Seed role ${name} (trust or permission policy, or the SCPs of account ${accountId}) is invalid: ${(error as Error).message}`);
    }
  }
  for (const { user } of world.accessKeys.values()) {
    try {
      await authorizer.authorize({
        caller: { kind: "user", accountId: user.accountId, arn: user.arn, userId: user.userId, accessKeyId: "AKIAWARMUP", user },
        action: "ssm:DescribeInstanceInformation",
        resource: "*",
        resourceAccountId: user.accountId,
        region: world.regions[0]!,
      });
    } catch (error) {
      throw new Error(`Seed user ${user.name} has an invalid policy: ${(error as Error).message}`);
    }
  }
}
