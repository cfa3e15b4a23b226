import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "@/cli/run";
import { profileNameFor } from "@/lib/cli/profile-name";
import { stderrOf, stdoutOf, testContext, type FakeRoute } from "./cli-test-context";
import { signIn } from "./signed-in";

const ROLES = [
  { accountId: "444444444444", accountName: "API Dev", roleName: "Developer", profileId: "developer", requireReason: false },
  { accountId: "555555555555", accountName: "Developer Sandbox", roleName: "Developer", profileId: "developer", requireReason: false },
  { accountId: "333333333333", accountName: "API Prod", roleName: "ReadOnly", profileId: "developer", requireReason: false },
];
const rolesRoute =
  (roles: unknown[] = ROLES): FakeRoute =>
  () => ({ body: { roles } });

function configured(roles?: unknown[], env: Record<string, string> = {}) {
  const ctx = testContext({ routes: { "GET /api/v1/roles": rolesRoute(roles) }, env });
  signIn(ctx);
  return ctx;
}

describe("gatehouse configure", () => {
  it("writes one profile per permitted role, named by profileNameFor, with an absolute credential_process", async () => {
    const ctx = configured();
    expect(await runCli(ctx, ["configure"])).toBe(0);
    const file = path.join(ctx.homedir, ".aws", "config");
    const text = readFileSync(file, "utf8");
    for (const role of ROLES) {
      expect(text).toContain(`[profile ${profileNameFor(role.accountName, role.roleName)}]`);
      expect(text).toContain(
        `credential_process = /usr/bin/node /opt/gatehouse/gatehouse.mjs credentials --account ${role.accountId} --role ${role.roleName}\n`,
      );
    }
    expect(text).toContain("[profile gh-api-dev-developer]");
    expect(text.startsWith("# >>> gatehouse (written by gatehouse configure for https://gatehouse.example.com")).toBe(true);
    expect(text.endsWith("# <<< gatehouse\n")).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(stdoutOf(ctx)).toContain("Wrote 3 profiles into ~/.aws/config");
  });

  it("leaves the rest of an existing file byte for byte, keeps its mode, and replaces its block on the next run", async () => {
    const ctx = configured();
    const file = path.join(ctx.homedir, "custom-config");
    const mine = "[default]\r\nregion = eu-west-1\r\n\r\n[profile personal]\r\naws_access_key_id = nope\r\n";
    writeFileSync(file, mine, { mode: 0o644 });
    const env = { ...ctx.env, AWS_CONFIG_FILE: file };
    const withFile = { ...ctx, env };
    await runCli(withFile, ["configure"]);
    const first = readFileSync(file, "utf8");
    expect(first.startsWith(mine)).toBe(true);
    expect(first.slice(mine.length).replace(/\r\n/g, "")).not.toContain("\n");
    expect(statSync(file).mode & 0o777).toBe(0o644);

    await runCli(withFile, ["configure"]);
    expect(readFileSync(file, "utf8")).toBe(first);
    expect(stdoutOf(ctx)).toContain("is up to date");

    const fewer = { ...testContext({ routes: { "GET /api/v1/roles": rolesRoute(ROLES.slice(0, 1)) }, home: ctx.homedir }), env };
    await runCli(fewer, ["configure"]);
    const third = readFileSync(file, "utf8");
    expect(third.startsWith(mine)).toBe(true);
    expect(third).toContain("gh-api-dev-developer");
    expect(third).not.toContain("gh-api-prod-readonly");
  });

  it("prints the block without writing on --dry-run", async () => {
    const ctx = configured();
    expect(await runCli(ctx, ["configure", "--dry-run"])).toBe(0);
    expect(() => lstatSync(path.join(ctx.homedir, ".aws", "config"))).toThrow();
    expect(stdoutOf(ctx)).toContain("[profile gh-developer-sandbox-developer]");
  });

  it("writes through a symlinked config file and keeps the link", async () => {
    const ctx = configured();
    const target = path.join(ctx.homedir, "dotfiles-aws-config");
    writeFileSync(target, "[default]\n");
    mkdirSync(path.join(ctx.homedir, ".aws"));
    symlinkSync(target, path.join(ctx.homedir, ".aws", "config"));
    await runCli(ctx, ["configure"]);
    expect(lstatSync(path.join(ctx.homedir, ".aws", "config")).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toContain("gh-api-dev-developer");
  });

  it("never defines a profile twice: a name the user already has is skipped, a clash between roles renamed", async () => {
    const clash = [...ROLES, { accountId: "666666666666", accountName: "api-dev", roleName: "Developer" }];
    const ctx = configured(clash);
    const file = path.join(ctx.homedir, ".aws", "config");
    mkdirSync(path.dirname(file));
    writeFileSync(file, "[profile gh-api-prod-readonly]\nregion = us-east-1\n");
    await runCli(ctx, ["configure", "--region", "eu-west-1"]);
    const text = readFileSync(file, "utf8");
    expect(text.match(/\[profile gh-api-prod-readonly\]/g)).toHaveLength(1);
    expect(text).toContain("[profile gh-api-dev-developer]");
    expect(text).toContain("[profile gh-api-dev-developer-666666666666]");
    expect(text).toContain("region = eu-west-1");
    expect(stderrOf(ctx)).toContain("skipped profile gh-api-prod-readonly");
  });

  it("quotes a program path with a space, and refuses one that credential_process cannot hold", async () => {
    const ctx = configured(ROLES.slice(0, 1));
    const spaced = { ...ctx, program: { node: "/opt/my tools/node", script: "/opt/gatehouse/gatehouse.mjs" } };
    await runCli(spaced, ["configure"]);
    expect(readFileSync(path.join(ctx.homedir, ".aws", "config"), "utf8")).toContain(
      'credential_process = "/opt/my tools/node" /opt/gatehouse/gatehouse.mjs credentials',
    );
    const odd = { ...ctx, program: { node: "/home/o'brien/node", script: "/opt/g.mjs" } };
    expect(await runCli(odd, ["configure"])).toBe(1);
    expect(stderrOf(ctx)).toMatch(/has characters credential_process paths may not have/);
  });
});
