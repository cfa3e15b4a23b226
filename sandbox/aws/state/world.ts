import { createHash } from "node:crypto";
import type { PolicyDocument, Seed, SeedAccount, SeedInstance, SeedRole, SeedUser } from "../../seed/schema";

// The seed turned into indexes so every API answer is a map lookup, not a scan (benchmarks use 5,000 accounts).

export interface Placeholders {
  googleIssuerHost: string;
  googleAudience: string;
}

export interface Account extends Omit<SeedAccount, "joinedTimestamp"> {
  arn: string;
  joinedTimestamp: Date;
}
export interface OrganizationalUnit {
  id: string;
  name: string;
  parentId: string;
  arn: string;
  tags: Record<string, string>;
}
export interface ServiceControlPolicy {
  id: string;
  arn: string;
  name: string;
  description: string;
  awsManaged: boolean;
  content: PolicyDocument;
  contentJson: string;
}
export interface IamUser {
  accountId: string;
  name: string;
  arn: string;
  userId: string;
  policies: { name: string; document: PolicyDocument }[];
  tags: Record<string, string>;
}
export interface IamRole {
  accountId: string;
  name: string;
  arn: string;
  roleId: string;
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  policies: { name: string; document: PolicyDocument }[];
  tags: Record<string, string>;
}
export interface Instance extends Omit<SeedInstance, "resourceType" | "launchTime"> {
  resourceType: "EC2Instance" | "ManagedInstance";
  arn: string;
  launchTime: Date;
}
export interface OrgPolicyLevel {
  orgIdentifier: string;
  policies: { name: string; policy: PolicyDocument }[];
}

export class World {
  readonly org: Seed["organization"] & { arn: string; managementAccountArn: string; managementEmail: string };
  readonly root: { id: string; name: string; arn: string; tags: Record<string, string> };
  readonly accounts = new Map<string, Account>();
  readonly accountList: Account[] = [];
  readonly ous = new Map<string, OrganizationalUnit>();
  readonly policies = new Map<string, ServiceControlPolicy>();
  readonly regions: string[];
  readonly accessKeys = new Map<string, { secretAccessKey: string; user: IamUser }>();
  private readonly children = new Map<string, { ous: string[]; accounts: string[] }>();
  private readonly attachments = new Map<string, string[]>();
  private readonly roleTemplates = new Map<string, SeedRole & { accountSet: Set<string> | "all" }>();
  private readonly roleCache = new Map<string, IamRole | null>();
  private readonly instances = new Map<string, Instance>();
  private readonly instancesByPlace = new Map<string, Instance[]>();
  private readonly scpChains = new Map<string, OrgPolicyLevel[]>();

  constructor(
    readonly seed: Seed,
    private readonly placeholders: Placeholders,
  ) {
    const { organization: o, root } = seed;
    const mgmt = seed.accounts.find((a) => a.id === o.managementAccountId);
    this.org = {
      ...o,
      arn: `arn:aws:organizations::${o.managementAccountId}:organization/${o.id}`,
      managementAccountArn: this.accountArn(o.managementAccountId),
      managementEmail: mgmt?.email ?? "",
    };
    this.root = { id: root.id, name: root.name, tags: root.tags, arn: `arn:aws:organizations::${o.managementAccountId}:root/${o.id}/${root.id}` };
    this.attachments.set(root.id, root.policies);
    this.regions = seed.regions;
    for (const ou of seed.organizationalUnits) {
      this.ous.set(ou.id, { ...ou, arn: `arn:aws:organizations::${o.managementAccountId}:ou/${o.id}/${ou.id}` });
      this.childrenOf(ou.parentId).ous.push(ou.id);
      this.attachments.set(ou.id, ou.policies);
    }
    for (const a of seed.accounts) {
      const account = { ...a, arn: this.accountArn(a.id), joinedTimestamp: new Date(a.joinedTimestamp) };
      this.accounts.set(a.id, account);
      this.accountList.push(account);
      this.childrenOf(a.parentId).accounts.push(a.id);
      this.attachments.set(a.id, a.policies);
    }
    for (const p of seed.policies) {
      const arn = p.awsManaged
        ? `arn:aws:organizations::aws:policy/service_control_policy/${p.id}`
        : `arn:aws:organizations::${o.managementAccountId}:policy/${o.id}/service_control_policy/${p.id}`;
      this.policies.set(p.id, { ...p, arn, contentJson: JSON.stringify(p.content) });
    }
    for (const u of seed.iam.users) {
      const user = this.buildUser(u);
      for (const key of u.accessKeys) this.accessKeys.set(key.accessKeyId, { secretAccessKey: key.secretAccessKey, user });
    }
    for (const r of seed.iam.roles) {
      this.roleTemplates.set(r.name, { ...r, accountSet: r.accounts === "all" ? "all" : new Set(r.accounts) });
    }
    for (const x of seed.instances) {
      const resourceType = x.resourceType ?? (x.id.startsWith("mi-") ? "ManagedInstance" : "EC2Instance");
      const arn =
        resourceType === "ManagedInstance"
          ? `arn:aws:ssm:${x.region}:${x.accountId}:managed-instance/${x.id}`
          : `arn:aws:ec2:${x.region}:${x.accountId}:instance/${x.id}`;
      const instance: Instance = { ...x, resourceType, arn, launchTime: new Date(x.launchTime) };
      this.instances.set(x.id, instance);
      const place = `${x.accountId}/${x.region}`;
      this.instancesByPlace.set(place, [...(this.instancesByPlace.get(place) ?? []), instance]);
    }
  }

  accountArn(accountId: string): string {
    return `arn:aws:organizations::${this.seed.organization.managementAccountId}:account/${this.seed.organization.id}/${accountId}`;
  }

  isParent(id: string): boolean {
    return id === this.root.id || this.ous.has(id);
  }

  childrenOf(parentId: string): { ous: string[]; accounts: string[] } {
    let entry = this.children.get(parentId);
    if (!entry) this.children.set(parentId, (entry = { ous: [], accounts: [] }));
    return entry;
  }

  parentOf(childId: string): string | undefined {
    return this.accounts.get(childId)?.parentId ?? this.ous.get(childId)?.parentId;
  }

  attachedPolicies(targetId: string): string[] {
    return this.attachments.get(targetId) ?? [];
  }

  /** The roots, OUs and accounts a policy is attached to, in seed order (root, then OUs, then accounts). */
  policyTargets(policyId: string): string[] {
    let index = this.targetsByPolicy;
    if (!index) {
      index = this.targetsByPolicy = new Map();
      for (const [target, policies] of this.attachments) {
        for (const id of policies) {
          const targets = index.get(id);
          if (targets) targets.push(target);
          else index.set(id, [target]);
        }
      }
    }
    return index.get(policyId) ?? [];
  }
  private targetsByPolicy: Map<string, string[]> | undefined;

  tagsOf(resourceId: string): Record<string, string> | undefined {
    if (resourceId === this.root.id) return this.root.tags;
    return this.accounts.get(resourceId)?.tags ?? this.ous.get(resourceId)?.tags ?? (this.policies.has(resourceId) ? {} : undefined);
  }

  /** SCPs from the root down to the account, the shape the IAM simulator expects (root first, account last). */
  scpChain(accountId: string): OrgPolicyLevel[] {
    const cached = this.scpChains.get(accountId);
    if (cached) return cached;
    const path: string[] = [];
    for (let id: string | undefined = accountId; id !== undefined; id = id === this.root.id ? undefined : this.parentOf(id)) {
      path.unshift(id);
    }
    const chain = path.map((target) => ({
      orgIdentifier: target,
      policies: this.attachedPolicies(target).map((pid) => ({ name: this.policies.get(pid)!.arn, policy: this.policies.get(pid)!.content })),
    }));
    this.scpChains.set(accountId, chain);
    return chain;
  }

  /** A role materialised from its template for one account (placeholders filled), cached. */
  role(accountId: string, name: string): IamRole | undefined {
    const key = `${accountId}/${name}`;
    const cached = this.roleCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const template = this.roleTemplates.get(name);
    const exists = template && this.accounts.has(accountId) && (template.accountSet === "all" || template.accountSet.has(accountId));
    const role = exists ? this.buildRole(template, accountId) : null;
    this.roleCache.set(key, role);
    return role ?? undefined;
  }

  roleByArn(arn: string): IamRole | undefined {
    const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
    if (!match) return undefined;
    const role = this.role(match[1]!, match[2]!);
    return role && role.arn === arn ? role : undefined;
  }

  instance(id: string): Instance | undefined {
    return this.instances.get(id);
  }

  instancesIn(accountId: string, region: string): Instance[] {
    return this.instancesByPlace.get(`${accountId}/${region}`) ?? [];
  }

  private buildUser(u: SeedUser): IamUser {
    return {
      accountId: u.accountId,
      name: u.name,
      arn: `arn:aws:iam::${u.accountId}:user${u.path}${u.name}`,
      userId: `AIDA${stableId(`${u.accountId}/user/${u.name}`)}`,
      policies: u.policies,
      tags: u.tags,
    };
  }

  private buildRole(t: SeedRole, accountId: string): IamRole {
    const fill = <T>(value: T): T =>
      JSON.parse(
        JSON.stringify(value)
          .replaceAll("{{accountId}}", accountId)
          .replaceAll("{{managementAccountId}}", this.seed.organization.managementAccountId)
          .replaceAll("{{googleIssuerHost}}", this.placeholders.googleIssuerHost)
          .replaceAll("{{googleAudience}}", this.placeholders.googleAudience),
      ) as T;
    return {
      accountId,
      name: t.name,
      arn: `arn:aws:iam::${accountId}:role${t.path}${t.name}`,
      roleId: `AROA${stableId(`${accountId}/role/${t.name}`)}`,
      maxSessionDuration: t.maxSessionDuration,
      trustPolicy: fill(t.trustPolicy),
      policies: fill(t.policies),
      tags: t.tags,
    };
  }
}

/** 17 upper-case base32 characters derived from a name, so ids stay stable across restarts. */
function stableId(name: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes = createHash("sha256").update(name).digest();
  let out = "";
  for (let i = 0; i < 17; i++) out += alphabet[bytes[i]! % 32];
  return out;
}
