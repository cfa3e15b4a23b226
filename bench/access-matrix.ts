// "Who can reach what" server time: the access matrix for 500 people (in groups) × 5,000 accounts (a generated
// organization of 1,000 OUs nested 5 deep), beside the alternatives a reader of lib/access would otherwise write:
// listPermittedRoles() per person, and decide() per person × account × role. Median of several runs each; decide()
// per cell is timed on a sample of people and scaled to all of them (the full 500 × 5,000 × roles takes minutes).
//
//   npx tsx --conditions=react-server bench/access-matrix.ts [--people 500] [--accounts 5000] [--runs 5] [--sample 10]
//
// (--conditions=react-server makes `server-only` a no-op outside Next, as Vitest's alias does.)
import { decide, listPermittedRoles, parseAccessPolicy, type AccessPolicy } from "@/lib/access";
import { computeAccessMatrix, type MatrixPerson } from "@/lib/admin-access/matrix";
import { diffEffectiveAccess } from "@/lib/profile-versions/access-diff";
import { generateOrganization } from "@/sandbox/seed/generate";
import { seededRandom } from "@/sandbox/util/seeded-random";
import { accountsFromSeed } from "@/tests/support/seed-accounts";

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const PEOPLE = arg("people", 500);
const ACCOUNTS = arg("accounts", 5000);
const RUNS = arg("runs", 5);
const SAMPLE = arg("sample", 10);
const GROUPS = 25;

const seed = generateOrganization({ accounts: ACCOUNTS, ous: 1000, depth: 5, instancesPerRegion: 0 });
const accounts = accountsFromSeed(seed);
const random = seededRandom(7);
const ous = (seed.organizationalUnits ?? []).map((ou) => ou.id);
const pickOus = (count: number) => Array.from({ length: count }, () => ous[Math.floor(random() * ous.length)]!);
const pickAccounts = (count: number) => Array.from({ length: count }, () => accounts[Math.floor(random() * accounts.length)]!.id);

/** 25 profiles, one per group: an administrator, OU-scoped readers and developers, and account-list operators. */
function buildPolicy(): AccessPolicy {
  const profiles = Array.from({ length: GROUPS }, (_, index) => {
    const kind = index === 0 ? "admin" : index % 3;
    const accountRoles =
      kind === "admin"
        ? [{ accounts: "all", roles: ["Admin", "ReadOnly"] }]
        : kind === 0
          ? [{ accounts: [...new Set(pickAccounts(50))], roles: ["Operator"] }]
          : [
              { ous: [...new Set(pickOus(5))], roles: ["ReadOnly"] },
              { ous: [...new Set(pickOus(2))], excludeAccounts: [...new Set(pickAccounts(3))], roles: kind === 1 ? ["Developer"] : ["Developer", "Admin"] },
            ];
    return {
      id: `team-${index}`,
      name: `Team ${index}`,
      custodianRole: "arn:aws:iam::111111111111:role/Custodian",
      grantedTo: { groups: [`team-${index}@example.com`] },
      admin: kind === "admin",
      accountRoles,
      instances: [{ ous: pickOus(1), regions: ["us-east-1"], tags: { Name: ["Develop"] }, role: "Developer" }],
    };
  });
  const parsed = parseAccessPolicy(JSON.stringify({ version: 1, profiles }), "bench");
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.policy;
}

const policy = buildPolicy();
const people: MatrixPerson[] = Array.from({ length: PEOPLE }, (_, index) => {
  const count = 1 + Math.floor(random() * 3);
  // Most people sit in the narrow teams; one in fifty is an administrator.
  const groups = Array.from({ length: count }, () => `team-${index % 50 === 0 ? 0 : 1 + Math.floor(random() * (GROUPS - 1))}@example.com`);
  return { email: `person-${index}@example.com`, groups: [...new Set(groups)] };
});
const roles = [...new Set(policy.profiles.flatMap((profile) => profile.accountRoles.flatMap((rule) => rule.roles)))];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function time(runs: number, work: () => number): { ms: number; cells: number } {
  let cells = 0;
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    cells = work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), cells };
}

const subject = (person: MatrixPerson) => ({ sub: person.email, email: person.email, groups: [...person.groups] });
const matrix = time(RUNS, () => computeAccessMatrix({ people, policy, accounts }).cells.length);
const inverted = time(RUNS, () => computeAccessMatrix({ people, policy, accounts, filters: { account: accounts[3]!.id, role: "Admin" } }).cells.length);
const permitted = time(Math.max(1, Math.ceil(RUNS / 2)), () =>
  people.reduce((sum, person) => sum + Object.values(listPermittedRoles(subject(person), accounts, policy)).flat().length, 0),
);
// The preview of a profile change (the profiles page, gatehouse policy diff): one team's profile gains Admin in 50
// more accounts; the diff computes the matrix before and after and compares them person by person.
const changed: AccessPolicy = {
  ...policy,
  profiles: policy.profiles.map((profile, index) =>
    index === 1 ? { ...profile, accountRoles: [...profile.accountRoles, { accounts: [...new Set(pickAccounts(50))], roles: ["Admin"] }] } : profile,
  ),
};
const preview = time(RUNS, () => diffEffectiveAccess({ people, accounts, before: policy, after: changed }).totals.gainedRoles);
const sample = people.slice(0, SAMPLE);
const perCell = time(1, () => {
  let cells = 0;
  for (const person of sample) {
    for (const account of accounts) {
      for (const roleName of roles) {
        if (decide(subject(person), { action: "console:open", accountId: account.id, roleName, reason: "review" }, { policy, account }).allowed) cells += 1;
      }
    }
  }
  return cells;
});
const perCellScaled = (perCell.ms * PEOPLE) / sample.length;

const fmt = (ms: number) => `${ms.toFixed(0).padStart(8)} ms`;
console.log(
  `${PEOPLE} people in ${GROUPS} groups × ${accounts.length} accounts × ${roles.length} roles; ${policy.profiles.length} profiles; median of ${RUNS} runs`,
);
console.log(`matrix (lib/admin-access)               ${fmt(matrix.ms)}  ${matrix.cells} cells`);
console.log(`inverted: who can open Admin in one acct ${fmt(inverted.ms)}  ${inverted.cells} cells`);
console.log(`preview of a change (diff, 2 matrices)  ${fmt(preview.ms)}  ${preview.cells} roles gained  (${(preview.ms / matrix.ms).toFixed(1)}× the matrix)`);
console.log(`listPermittedRoles() per person         ${fmt(permitted.ms)}  ${permitted.cells} cells  (${(permitted.ms / matrix.ms).toFixed(1)}× the matrix)`);
console.log(
  `decide() per person × account × role    ${fmt(perCellScaled)}  (measured ${perCell.ms.toFixed(0)} ms on ${sample.length} people, scaled; ${(perCellScaled / matrix.ms).toFixed(0)}× the matrix)`,
);
if (permitted.cells !== matrix.cells) throw new Error(`the matrix (${matrix.cells}) and listPermittedRoles (${permitted.cells}) disagree`);
console.log(matrix.ms < 1000 ? "goal met: under 1 s" : "GOAL MISSED: 1 s or more");
