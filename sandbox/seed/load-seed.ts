import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { seedSchema, type Seed, type SeedInput } from "./schema";

export const DEFAULT_SEED_FILE = fileURLToPath(new URL("./default.yaml", import.meta.url));

// AWS Organizations quotas the sandbox enforces so a seed cannot describe an organization AWS would refuse.
const MAX_OUS = 1000;
const MAX_OU_DEPTH = 5;
const MAX_SCPS_PER_TARGET = 5;

export class SeedError extends Error {
  constructor(source: string, problems: string[]) {
    super(`Seed ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SeedError";
  }
}

/** Load and validate a seed from a YAML/JSON file path or from an already-parsed object. */
export function loadSeed(seed: string | SeedInput | Seed = DEFAULT_SEED_FILE): Seed {
  const source = typeof seed === "string" ? seed : "(object)";
  const raw = typeof seed === "string" ? readSeedFile(seed) : seed;
  const parsed = seedSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SeedError(
      source,
      parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    );
  }
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw new SeedError(source, problems);
  return parsed.data;
}

function readSeedFile(file: string): unknown {
  try {
    return parse(readFileSync(file, "utf8"), { uniqueKeys: true, maxAliasCount: -1 });
  } catch (error) {
    throw new SeedError(file, [(error as Error).message]);
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(root)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

function checkReferences(seed: Seed): string[] {
  const problems: string[] = [];
  const duplicate = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => (seen.has(id) ? problems.push(`${kind}[${i}].id: duplicate id "${id}"`) : seen.add(id)));
  };
  duplicate(
    "organizationalUnits",
    seed.organizationalUnits.map((o) => o.id),
  );
  duplicate(
    "accounts",
    seed.accounts.map((a) => a.id),
  );
  duplicate(
    "policies",
    seed.policies.map((p) => p.id),
  );
  duplicate(
    "instances",
    seed.instances.map((x) => x.id),
  );

  const ous = new Map(seed.organizationalUnits.map((o) => [o.id, o]));
  const accounts = new Set(seed.accounts.map((a) => a.id));
  const policies = new Set(seed.policies.map((p) => p.id));
  const regions = new Set(seed.regions);
  const isParent = (id: string) => id === seed.root.id || ous.has(id);

  if (ous.size > MAX_OUS) problems.push(`organizationalUnits: ${ous.size} OUs exceeds the AWS quota of ${MAX_OUS}`);
  if (!accounts.has(seed.organization.managementAccountId)) {
    problems.push(`organization.managementAccountId: account "${seed.organization.managementAccountId}" is not in accounts`);
  }
  seed.organization.delegatedAdministrators.forEach((id, i) => {
    if (!accounts.has(id)) problems.push(`organization.delegatedAdministrators[${i}]: unknown account "${id}"`);
  });

  const checkPolicies = (path: string, ids: string[]) => {
    ids.forEach((id, i) => policies.has(id) || problems.push(`${path}.policies[${i}]: unknown policy "${id}"`));
    if (ids.length > MAX_SCPS_PER_TARGET) problems.push(`${path}.policies: more than ${MAX_SCPS_PER_TARGET} SCPs attached`);
    if (seed.policies.length > 0 && ids.length === 0) problems.push(`${path}.policies: every target needs at least one SCP (AWS requires it)`);
  };
  checkPolicies("root", seed.root.policies);
  seed.organizationalUnits.forEach((ou, i) => {
    if (!isParent(ou.parentId)) problems.push(`organizationalUnits[${i}].parentId: unknown parent "${ou.parentId}"`);
    checkPolicies(`organizationalUnits[${i}]`, ou.policies);
    const depth = ouDepth(ou.id, ous, seed.root.id);
    if (depth === -1) problems.push(`organizationalUnits[${i}].parentId: OU "${ou.id}" is part of a parent cycle`);
    else if (depth > MAX_OU_DEPTH) problems.push(`organizationalUnits[${i}]: nested ${depth} levels deep; AWS allows ${MAX_OU_DEPTH}`);
  });
  seed.accounts.forEach((a, i) => {
    if (!isParent(a.parentId)) problems.push(`accounts[${i}].parentId: unknown parent "${a.parentId}"`);
    checkPolicies(`accounts[${i}]`, a.policies);
  });
  seed.iam.users.forEach((u, i) => accounts.has(u.accountId) || problems.push(`iam.users[${i}].accountId: unknown account "${u.accountId}"`));
  seed.iam.roles.forEach((r, i) => {
    if (r.accounts === "all") return;
    r.accounts.forEach((id, j) => accounts.has(id) || problems.push(`iam.roles[${i}].accounts[${j}]: unknown account "${id}"`));
  });
  seed.instances.forEach((x, i) => {
    if (!accounts.has(x.accountId)) problems.push(`instances[${i}].accountId: unknown account "${x.accountId}"`);
    if (!regions.has(x.region)) problems.push(`instances[${i}].region: "${x.region}" is not in regions`);
  });
  return problems;
}

/** Levels below the root (an OU directly under the root is depth 1); -1 when the parent chain loops. */
function ouDepth(id: string, ous: Map<string, { parentId: string }>, rootId: string): number {
  let depth = 0;
  let current: string | undefined = id;
  while (current !== undefined && current !== rootId) {
    depth += 1;
    if (depth > ous.size + 1) return -1;
    current = ous.get(current)?.parentId;
  }
  return depth;
}
