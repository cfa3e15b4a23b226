import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGroupSource, GroupSourceError, parseStaticGroupsYaml } from "@/lib/auth/groups";

function parseError(text: string): GroupSourceError {
  try {
    parseStaticGroupsYaml(text, "groups.yaml");
  } catch (error) {
    if (error instanceof GroupSourceError) return error;
    throw error;
  }
  throw new Error("expected the file to be rejected");
}

describe("parseStaticGroupsYaml", () => {
  it("reads groups with lower-cased addresses, descriptions and members", () => {
    const groups = parseStaticGroupsYaml(`
groups:
  Admins@Example.com:
    name: Admins
    description: Full access
    members: [Ada@Example.com, ada@example.com]
  empty@example.com:
    name: Empty
    members:
`);
    expect(groups).toEqual([
      { email: "admins@example.com", name: "Admins", description: "Full access", members: ["ada@example.com"] },
      { email: "empty@example.com", name: "Empty", members: [] },
    ]);
  });

  it("names the line and field of a member that is not an e-mail address", () => {
    const error = parseError(`groups:
  admins@example.com:
    name: Admins
    members:
      - ada@example.com
      - not-an-address
`);
    expect(error.code).toBe("config");
    expect(error.message).toContain(`line 6, groups["admins@example.com"].members[1]: must be an e-mail address (found "not-an-address")`);
  });

  it("reports a missing name at the group's key", () => {
    const error = parseError(`groups:
  admins@example.com:
    members: [ada@example.com]
`);
    expect(error.message).toContain(`line 2, groups["admins@example.com"].name: name is required`);
  });

  it("rejects a misspelt field rather than ignoring it", () => {
    const error = parseError(`groups:
  admins@example.com:
    name: Admins
    member: [ada@example.com]
`);
    expect(error.message).toContain(`line 4, groups["admins@example.com"]: unknown field member`);
  });

  it("rejects a group key that is not an address, and the same group twice in different case", () => {
    const error = parseError(`groups:
  admins:
    name: Admins
  Devs@example.com:
    name: Devs
  devs@example.com:
    name: Devs again
`);
    expect(error.message).toContain(`line 2, groups["admins"]: the group key must be the group's e-mail address`);
    expect(error.message).toContain(`line 6, groups["devs@example.com"]: devs@example.com is listed twice`);
  });

  it("reports YAML syntax errors with their position", () => {
    const error = parseError(`groups:\n  admins@example.com:\n    name: Admins\n    name: Twice\n`);
    expect(error.message).toMatch(/^groups\.yaml: invalid YAML: Map keys must be unique at line 4/);
  });

  it("explains a file without the top-level mapping", () => {
    expect(parseError("- just a list\n").message).toContain("line 1, (top level): the file must contain a top-level `groups:` mapping");
  });
});

describe("static group source", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists the demo file's groups for each sample user", async () => {
    const source = await createGroupSource({ kind: "static", file: "config/demo/groups.yaml" });
    expect(await source.listGroups({ sub: "100000000000000000001", email: "ada@example.com" })).toEqual(["admins@example.com", "engineering@example.com"]);
    expect(await source.listGroups({ sub: "100000000000000000002", email: "Dana@Example.com" })).toEqual(["developers@example.com", "engineering@example.com"]);
    expect(await source.listGroups({ sub: "100000000000000000003", email: "nora@example.com" })).toEqual([]);
  });

  it("picks up an edit without a restart, and fails loudly on a broken edit", async () => {
    dir = await mkdtemp(join(tmpdir(), "gatehouse-groups-"));
    const file = join(dir, "groups.yaml");
    await writeFile(file, await readFile("config/demo/groups.yaml", "utf8"));
    const source = await createGroupSource({ kind: "static", file });
    const nora = { sub: "100000000000000000003", email: "nora@example.com" };
    expect(await source.listGroups(nora)).toEqual([]);

    await writeFile(file, "groups:\n  new@example.com:\n    name: New\n    members: [nora@example.com]\n");
    await utimes(file, new Date(), new Date(Date.now() + 5_000)); // make sure the mtime moves on coarse file systems
    expect(await source.listGroups(nora)).toEqual(["new@example.com"]);

    await writeFile(file, "groups:\n  new@example.com:\n    members: [nora@example.com]\n");
    await utimes(file, new Date(), new Date(Date.now() + 10_000));
    await expect(source.listGroups(nora)).rejects.toThrow(/name is required/);
  });

  it("refuses to start with a missing file, naming it", async () => {
    await expect(createGroupSource({ kind: "static", file: "/nonexistent/groups.yaml" })).rejects.toThrow(
      /Cannot read the groups file \/nonexistent\/groups\.yaml/,
    );
  });
});
