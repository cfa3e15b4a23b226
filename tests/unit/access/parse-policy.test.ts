import { describe, expect, it } from "vitest";
import { parseAccessPolicy } from "@/lib/access";
import { loadDemoPolicy } from "./seed";

const FILE = "config/access-profiles.yaml";

// A valid two-profile file; each case below breaks one line of it.
const VALID = `version: 1
profiles:
  - id: admin
    name: Administrator
    custodianRole: arn:aws:iam::111111111111:role/CustodianAdmin
    grantedTo: { groups: [admins@example.com] }
    admin: true
    accountRoles:
      - { accounts: all, roles: [Admin, ReadOnly] }
  - id: developer
    name: Developer
    custodianRole: arn:aws:iam::111111111111:role/CustodianDeveloper
    grantedTo: { groups: [developers@example.com], users: [] }
    accountRoles:
      - { ous: [ou-gh00-service1], roles: [ReadOnly] }
      - { accounts: ["444444444444"], roles: [Developer] }
    instances:
      - { accounts: ["444444444444"], regions: all, tags: { Name: Develop }, role: Developer }
`;

function refuse(text: string): string[] {
  const result = parseAccessPolicy(text, FILE);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.message.split("\n");
}

/** "file:line:column" of the first `token` on that line of `text` (1-based, as editors count). */
function at(text: string, line: number, token: string): string {
  const column = (text.split("\n")[line - 1] ?? "").indexOf(token) + 1;
  if (column === 0) throw new Error(`token ${token} not on line ${line}`);
  return `${FILE}:${line}:${column}`;
}

const replaceLine = (line: number, text: string) =>
  VALID.split("\n")
    .map((original, index) => (index === line - 1 ? text : original))
    .join("\n");

describe("the demo profile file", () => {
  it("parses, with defaults filled in", () => {
    const policy = loadDemoPolicy();
    expect(policy.profiles.map((profile) => profile.id)).toEqual(["admin", "developer"]);
    const developer = policy.profiles[1];
    expect(developer?.admin).toBe(false);
    expect(developer?.requireReason).toEqual({ console: false, shell: true, forward: true });
    expect(developer?.instances[0]?.tags).toEqual({ Name: ["Develop"] });
    expect(developer?.portForwarding).toEqual([
      {
        accounts: ["444444444444", "555555555555"],
        regions: "all",
        tags: { Name: ["Develop"] },
        role: "Developer",
        ports: [5432],
        remoteHosts: ["localhost:5432", "127.0.0.1:5432"],
      },
    ]);
    expect(loadDemoPolicy().profiles[0]?.grantedTo.users).toEqual([]);
  });

  it("grants nothing to the engineering group", () => {
    const groups = loadDemoPolicy().profiles.flatMap((profile) => profile.grantedTo.groups);
    expect(groups).not.toContain("engineering@example.com");
  });
});

describe("a valid file", () => {
  it("parses, and a lone tag value becomes a list", () => {
    const result = parseAccessPolicy(VALID, FILE);
    expect(result.ok && result.policy.profiles[1]?.instances[0]?.tags).toEqual({ Name: ["Develop"] });
  });

  it("may be JSON", () => {
    const json = JSON.stringify(
      {
        version: 1,
        profiles: [
          { id: "ro", name: "RO", custodianRole: "arn:aws:iam::111111111111:role/X", grantedTo: {}, accountRoles: [{ accounts: "all", roles: ["ReadOnly"] }] },
        ],
      },
      null,
      2,
    );
    expect(parseAccessPolicy(json, "p.json").ok).toBe(true);
    const bad = json.replace('"ReadOnly"', '"Read Only"');
    const result = parseAccessPolicy(bad, "p.json");
    expect(result.ok ? "" : result.message).toMatch(/^p\.json:\d+:\d+ profiles\[0\]\.accountRoles\[0\]\.roles\[0\]: expected an IAM role name/);
  });
});

describe("an invalid file is refused naming line:column and field path", () => {
  it("wrong type: roles given as a string", () => {
    const text = replaceLine(16, '      - { accounts: ["444444444444"], roles: Developer }');
    expect(refuse(text)).toEqual([`${at(text, 16, "Developer")} profiles[1].accountRoles[1].roles: expected a non-empty list of role names`]);
    expect(at(text, 16, "Developer")).toBe(`${FILE}:16:46`);
  });

  it("empty role list, written as a block key without a value", () => {
    const text = replaceLine(16, "      - accounts: all\n        roles:");
    expect(refuse(text)).toEqual([`${at(text, 17, "roles")} profiles[1].accountRoles[1].roles: expected a non-empty list of role names`]);
  });

  it("bad account id inside a list", () => {
    const text = replaceLine(16, '      - { accounts: ["444444444444", "44444444444"], roles: [Developer] }');
    expect(refuse(text)).toEqual([
      `${at(text, 16, '"44444444444"')} profiles[1].accountRoles[1].accounts[1]: expected a 12-digit AWS account id, got "44444444444"`,
    ]);
  });

  it("accounts neither all nor a list", () => {
    const text = replaceLine(9, "      - { accounts: everyone, roles: [Admin] }");
    expect(refuse(text)).toEqual([
      `${at(text, 9, "everyone")} profiles[0].accountRoles[0].accounts: expected "all" or a non-empty list of 12-digit account ids`,
    ]);
  });

  it("bad OU id", () => {
    const text = replaceLine(15, "      - { ous: [ou-service], roles: [ReadOnly] }");
    expect(refuse(text)).toEqual([
      `${at(text, 15, "ou-service")} profiles[1].accountRoles[0].ous[0]: expected an OU id like ou-ab12-cd34ef56, got "ou-service"`,
    ]);
  });

  it("unknown key, pointing at the key", () => {
    const text = replaceLine(13, "    grantedTo: { groups: [developers@example.com], user: [] }");
    expect(refuse(text)).toEqual([`${at(text, 13, "user:")} profiles[1].grantedTo.user: unknown key "user"`]);
  });

  it("duplicate profile id, pointing at the second", () => {
    const text = replaceLine(10, "  - id: admin");
    expect(refuse(text)).toEqual([`${at(text, 10, "admin")} profiles[1].id: duplicate profile id "admin" (also profiles[0])`]);
    expect(at(text, 10, "admin")).toBe(`${FILE}:10:9`);
  });

  it("duplicate id reported together with other problems", () => {
    const text = replaceLine(10, "  - id: admin").replace("role: Developer", "role: 'no spaces allowed'");
    expect(refuse(text)).toEqual([
      `${at(text, 10, "admin")} profiles[1].id: duplicate profile id "admin" (also profiles[0])`,
      `${at(text, 18, "'no spaces")} profiles[1].instances[0].role: expected an IAM role name ([\\w+=,.@-], 1-64 characters, optional path), got "no spaces allowed"`,
    ]);
  });

  it("missing required key, pointing at its object", () => {
    const text = replaceLine(18, '      - { accounts: ["444444444444"], regions: all }');
    expect(refuse(text)).toEqual([
      `${at(text, 18, "{")} profiles[1].instances[0].role: missing; expected an IAM role name ([\\w+=,.@-], 1-64 characters, optional path)`,
    ]);
  });

  it("a rule without accounts or ous", () => {
    const text = replaceLine(9, "      - { roles: [Admin] }");
    expect(refuse(text)).toEqual([`${at(text, 9, "{")} profiles[0].accountRoles[0]: needs accounts or ous to say which accounts the rule covers`]);
  });

  it("bad custodian ARN, version and session length, all at once, in file order", () => {
    const text = VALID.replace("version: 1", "version: 2")
      .replace("role/CustodianAdmin", "user/CustodianAdmin")
      .replace("    admin: true", "    admin: true\n    maxSessionSeconds: 60");
    expect(refuse(text)).toEqual([
      `${at(text, 1, "2")} version: expected 1 (the only profile-file version)`,
      `${at(text, 5, "arn:")} profiles[0].custodianRole: expected an IAM role ARN like arn:aws:iam::111111111111:role/Name, got "arn:aws:iam::111111111111:user/Custodian" (45 characters)`,
      `${at(text, 8, "60")} profiles[0].maxSessionSeconds: expected whole seconds between 900 and 43200`,
    ]);
  });

  it("bad region and bad group email", () => {
    const text = VALID.replace("regions: all", "regions: [us-east-1, useast1]").replace("[developers@example.com]", "[developers]");
    expect(refuse(text)).toEqual([
      `${at(text, 13, "developers")} profiles[1].grantedTo.groups[0]: expected an email address, got "developers"`,
      `${at(text, 18, "useast1")} profiles[1].instances[0].regions[1]: expected an AWS region like us-east-1, got "useast1"`,
    ]);
  });

  it("a tag key that would vanish from the parsed mapping", () => {
    const text = VALID.replace("tags: { Name: Develop }", "excludeTags: { __proto__: [x] }");
    expect(refuse(text)).toEqual([`${at(text, 18, "__proto__")} profiles[1].instances[0].excludeTags.__proto__: tag key __proto__ is not supported`]);
  });

  it("YAML syntax error", () => {
    const [first] = refuse(replaceLine(9, "      - { accounts: all, roles: [Admin, ReadOnly }"));
    expect(first).toMatch(new RegExp(`^${FILE.replace(/\./g, "\\.")}:9:\\d+ YAML syntax: `));
  });

  it("duplicate YAML key", () => {
    const text = replaceLine(4, "    name: Administrator\n    name: Again");
    expect(refuse(text)).toEqual([`${at(text, 5, "name")} YAML syntax: Map keys must be unique`]);
  });

  it("an empty file or a list at the top", () => {
    expect(refuse("")).toEqual([`${FILE}:1:1 expected a mapping with \`version: 1\` and \`profiles\``]);
    expect(refuse("- admin\n")).toEqual([`${FILE}:1:1 expected a mapping with \`version: 1\` and \`profiles\``]);
  });
});
