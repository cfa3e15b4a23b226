import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { decide, listProfileRoles } from "@/lib/access";
import { csvCell, matrixToCsv } from "@/lib/admin-access/export-format";
import { accessFiltersSchema, exportQuerySchema } from "@/lib/admin-access/filters";
import { computeAccessMatrix } from "@/lib/admin-access/matrix";
import { peopleFromStaticGroups } from "@/lib/admin-access/people-source";
import { parseStaticGroupsYaml } from "@/lib/auth/groups";
import type { SeedInput } from "../../../sandbox/seed/schema";
import { accountsFromSeed } from "../../support/seed-accounts";
import { loadDemoPolicy } from "../access/seed";

// The matrix against the demo's own files: the access profiles, the static groups file and the sandbox seed's
// organization. Expected people are derived from those files here, never typed in.

const root = path.resolve(__dirname, "../../..");
const policy = loadDemoPolicy();
const groups = parseStaticGroupsYaml(readFileSync(path.join(root, "config/demo/groups.yaml"), "utf8"));
const accounts = accountsFromSeed(parse(readFileSync(path.join(root, "sandbox/seed/default.yaml"), "utf8")) as SeedInput);
const people = [...peopleFromStaticGroups(groups), { email: "nora@example.com", groups: [] }];
const subjectOf = (person: { email: string; groups: readonly string[] }) => ({ sub: person.email, email: person.email, groups: [...person.groups] });
const allRoles = [...new Set(policy.profiles.flatMap((profile) => profile.accountRoles.flatMap((rule) => rule.roles)))];
const API_PROD = accounts.find((account) => account.name === "API Prod")!;

/** Members of the groups (and users) of every profile whose rules grant `role` in `account`: read off the files. */
function expectedPeople(accountId: string, role: string): string[] {
  const account = accounts.find((candidate) => candidate.id === accountId)!;
  const granting = policy.profiles.filter((profile) => listProfileRoles(profile, account).includes(role));
  const groupEmails = new Set(granting.flatMap((profile) => profile.grantedTo.groups));
  const fromGroups = groups.filter((group) => groupEmails.has(group.email)).flatMap((group) => group.members);
  const knownPeople = new Set(people.map((person) => person.email));
  const fromUsers = granting.flatMap((profile) => profile.grantedTo.users).filter((user) => knownPeople.has(user));
  return [...new Set([...fromGroups, ...fromUsers])].sort();
}

describe("the access matrix for the demo files", () => {
  const matrix = computeAccessMatrix({ people, policy, accounts });

  it("agrees with decide() for every person, account and role, both ways", () => {
    let allowed = 0;
    for (const person of people) {
      for (const account of accounts) {
        for (const roleName of allRoles) {
          const decision = decide(subjectOf(person), { action: "console:open", accountId: account.id, roleName, reason: "access review" }, { policy, account });
          const cell = matrix.cells.find(
            (candidate) => candidate.email === person.email && candidate.accountId === account.id && candidate.roleName === roleName,
          );
          expect(cell !== undefined, `${person.email} ${roleName} in ${account.name}`).toBe(decision.allowed);
          if (decision.allowed) {
            allowed += 1;
            expect(cell!.profileId).toBe(decision.profile.id);
            expect(cell!.requireReason).toBe(decision.profile.requireReason.console);
          }
        }
      }
    }
    expect(allowed).toBe(matrix.cells.length);
    expect(allowed).toBeGreaterThan(0);
  });

  it("answers who can open Admin in API Prod with the people the files grant it to", () => {
    const inverted = computeAccessMatrix({ people, policy, accounts, filters: { account: API_PROD.id, role: "Admin" } });
    const expected = expectedPeople(API_PROD.id, "Admin");
    expect(expected.length).toBeGreaterThan(0);
    expect(inverted.people.map((person) => person.email).sort()).toEqual(expected);
    expect([...new Set(inverted.cells.map((cell) => cell.email))].sort()).toEqual(expected);
    expect(inverted.cells.every((cell) => cell.accountId === API_PROD.id && cell.roleName === "Admin")).toBe(true);
  });

  it("answers every account × role question the same way as the files", () => {
    for (const account of accounts) {
      for (const role of allRoles) {
        const inverted = computeAccessMatrix({ people, policy, accounts, filters: { account: account.id, role } });
        expect(inverted.people.map((person) => person.email).sort(), `${role} in ${account.name}`).toEqual(expectedPeople(account.id, role));
      }
    }
  });

  it("filters by person, group and OU", () => {
    const [first] = people;
    const byPerson = computeAccessMatrix({ people, policy, accounts, filters: { person: first!.email.toUpperCase() } });
    expect(byPerson.people.map((person) => person.email)).toEqual([first!.email]);
    expect(byPerson.cells.every((cell) => cell.email === first!.email)).toBe(true);

    const group = groups[0]!;
    const byGroup = computeAccessMatrix({ people, policy, accounts, filters: { group: group.email } });
    expect(byGroup.people.map((person) => person.email).sort()).toEqual([...group.members].sort());

    const ou = API_PROD.ouPath.at(-1)!;
    const byOu = computeAccessMatrix({ people, policy, accounts, filters: { ou } });
    const inOu = accounts.filter((account) => account.ouPath.includes(ou)).map((account) => account.id);
    expect(byOu.cells.length).toBeGreaterThan(0);
    expect(byOu.cells.every((cell) => inOu.includes(cell.accountId))).toBe(true);
    expect(byOu.cells.length).toBe(matrix.cells.filter((cell) => inOu.includes(cell.accountId)).length);
  });

  it("lists each person's instance and port-forwarding rules from their profiles", () => {
    for (const person of matrix.people) {
      const profiles = policy.profiles.filter((profile) => person.profileIds.includes(profile.id));
      expect(person.instanceRules.length).toBe(profiles.reduce((sum, profile) => sum + profile.instances.length, 0));
      expect(person.portForwardingRules.length).toBe(profiles.reduce((sum, profile) => sum + profile.portForwarding.length, 0));
    }
    expect(matrix.people.find((person) => person.email === "nora@example.com")).toMatchObject({ profileIds: [], instanceRules: [] });
  });

  it("leaves out accounts that are not active", () => {
    const suspended = accounts.map((account) => (account.id === API_PROD.id ? { ...account, status: "SUSPENDED" } : account));
    const result = computeAccessMatrix({ people, policy, accounts: suspended });
    expect(result.cells.some((cell) => cell.accountId === API_PROD.id)).toBe(false);
  });
});

describe("the export", () => {
  it("quotes every CSV cell and defuses formulas", () => {
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    for (const start of ["=", "+", "-", "@"]) expect(csvCell(`${start}HYPERLINK("x")`)).toBe(`"'${start}HYPERLINK(""x"")"`);
    expect(csvCell("plain")).toBe('"plain"');
  });

  it("stamps every row with the profile version and the time", () => {
    const matrix = computeAccessMatrix({ people, policy, accounts, filters: { account: API_PROD.id } });
    const csv = matrixToCsv(matrix, { profileVersion: "sha256:abc", generatedAt: "2026-12-02T20:00:00.000Z" });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toContain('"profile_version","generated_at"');
    expect(lines).toHaveLength(matrix.cells.length + 1);
    expect(lines.slice(1).every((line) => line.endsWith('"sha256:abc","2026-12-02T20:00:00.000Z"'))).toBe(true);
  });
});

describe("the filters", () => {
  it("refuses malformed values with a sentence and treats empty fields as any", () => {
    expect(accessFiltersSchema.safeParse({ account: "12" }).success).toBe(false);
    expect(accessFiltersSchema.safeParse({ ou: "sales" }).success).toBe(false);
    expect(accessFiltersSchema.safeParse({ person: "not-an-email" }).success).toBe(false);
    expect(accessFiltersSchema.safeParse({ colour: "red" }).error?.issues[0]?.message).toMatch(/unknown filter colour/);
    expect(accessFiltersSchema.parse({ account: "", role: "Admin" })).toEqual({ role: "Admin" });
    expect(exportQuerySchema.safeParse({ format: "xlsx" }).success).toBe(false);
  });
});
