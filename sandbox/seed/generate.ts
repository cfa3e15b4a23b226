import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parse, stringify } from "yaml";
import { DEFAULT_SEED_FILE, loadSeed } from "./load-seed";
import type { SeedInput } from "./schema";
import { seededRandom } from "../util/seeded-random";

// Large organizations for benchmarks: the default Custodian world (same broker, Custodian roles, SCPs and fixed
// accounts) plus thousands of generated accounts under a nested OU tree, each with the same target roles and a
// few instances per region. Deterministic for a given `randomSeed`.
//
// CLI: npx tsx sandbox/seed/generate.ts --accounts 5000 --ous 1000 --depth 5 [--instances 1] [--seed 42] --out file.yaml

export interface GenerateOptions {
  /** Total accounts, including the 5 fixed ones. */
  accounts: number;
  /** Total OUs, including the 4 fixed ones (AWS quota: 1,000). */
  ous: number;
  /** Deepest OU nesting below the root (AWS: at most 5). */
  depth: number;
  /** Instances per generated account and enabled region. Default 1. */
  instancesPerRegion?: number;
  randomSeed?: number;
}

type Account = SeedInput["accounts"][number];
type Ou = NonNullable<SeedInput["organizationalUnits"]>[number];
type Instance = NonNullable<SeedInput["instances"]>[number];

const ENVIRONMENTS = ["production", "staging", "development"] as const;

export function generateOrganization(options: GenerateOptions): SeedInput {
  const base = parse(readFileSync(DEFAULT_SEED_FILE, "utf8")) as SeedInput;
  const fixedOus = base.organizationalUnits ?? [];
  if (options.depth < 1 || options.depth > 5) throw new Error("--depth must be 1 to 5 (AWS nests OUs at most 5 levels)");
  if (options.ous < fixedOus.length || options.ous > 1000) throw new Error(`--ous must be ${fixedOus.length} to 1000`);
  if (options.accounts < base.accounts.length) throw new Error(`--accounts must be at least ${base.accounts.length}`);
  const random = seededRandom(options.randomSeed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  // OU tree: a spine reaching the requested depth first, then OUs under random parents that still have room.
  const ous: Ou[] = [...fixedOus];
  const depthOf = new Map<string, number>(fixedOus.map((o) => [o.id, o.parentId === base.root.id ? 1 : 2]));
  const open: string[] = [base.root.id];
  for (let i = 1; ous.length < options.ous; i++) {
    const parentId = i <= options.depth ? (i === 1 ? base.root.id : ous[ous.length - 1]!.id) : pick(open);
    const depth = parentId === base.root.id ? 1 : depthOf.get(parentId)! + 1;
    const id = `ou-gh00-g${String(i).padStart(7, "0")}`;
    ous.push({ id, name: `Unit ${String(i).padStart(4, "0")} (level ${depth})`, parentId, policies: ["p-FullAWSAccess"], tags: { Level: String(depth) } });
    depthOf.set(id, depth);
    if (depth < options.depth) open.push(id);
  }
  const generatedOus = ous.slice(fixedOus.length).map((o) => o.id);

  const accounts: Account[] = [...base.accounts];
  const instances: Instance[] = [...(base.instances ?? [])];
  const perRegion = options.instancesPerRegion ?? 1;
  for (let i = 1; accounts.length < options.accounts; i++) {
    const id = `9${String(i).padStart(11, "0")}`;
    const environment = pick(ENVIRONMENTS);
    accounts.push({
      id,
      name: `Workload ${String(i).padStart(5, "0")}`,
      email: `aws+workload-${i}@example.com`,
      parentId: generatedOus.length > 0 && random() > 0.02 ? pick(generatedOus) : base.root.id,
      joinedTimestamp: new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString(),
      policies: ["p-FullAWSAccess"],
      tags: { Environment: environment, CostCenter: `cc-${1000 + (i % 50)}` },
    });
    base.regions.forEach((region, r) => {
      for (let n = 0; n < perRegion; n++) {
        const serial = (i * base.regions.length + r) * perRegion + n;
        instances.push({
          id: `i-0${serial.toString(16).padStart(16, "0")}`,
          accountId: id,
          region,
          tags: { Name: n % 2 === 0 ? "Develop" : "Production", Environment: environment },
          ipAddress: `10.${(i >> 8) & 255}.${i & 255}.${10 + r * perRegion + n}`,
        });
      }
    });
  }

  const roles = base.iam.roles?.map((role) => (role.name === "Developer" ? { ...role, accounts: "all" as const } : role));
  return { ...base, organizationalUnits: ous, accounts, instances, iam: { ...base.iam, roles } };
}

function readFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument ${arg}`);
    flags[arg.slice(2)] = argv[i + 1] ?? "";
    i++;
  }
  return flags;
}

function main(): void {
  const flags = readFlags(process.argv.slice(2));
  const number = (name: string, fallback: number) => {
    const value = flags[name] === undefined ? fallback : Number(flags[name]);
    if (!Number.isInteger(value)) throw new Error(`--${name} must be an integer`);
    return value;
  };
  const seed = generateOrganization({
    accounts: number("accounts", 5000),
    ous: number("ous", 1000),
    depth: number("depth", 5),
    instancesPerRegion: number("instances", 1),
    randomSeed: number("seed", 42),
  });
  loadSeed(seed); // refuse to write a seed the sandbox would reject
  const text = `# Generated by sandbox/seed/generate.ts ${process.argv.slice(2).join(" ")}\n${stringify(seed, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
  if (flags.out) {
    writeFileSync(flags.out, text);
    console.error(`wrote ${seed.accounts.length} accounts, ${seed.organizationalUnits?.length} OUs, ${seed.instances?.length} instances to ${flags.out}`);
  } else {
    process.stdout.write(text);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
