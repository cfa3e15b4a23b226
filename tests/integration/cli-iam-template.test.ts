import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { buildCliBundle } from "@/scripts/lib/build-cli-bundle";
import { writePrivateJson } from "@/cli/private-files";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { startCliApiBridge } from "./cli-api-bridge";
import { loadRoutes, logIn, storePeople } from "./cli-fixtures";
import { ADA, consoleEnvironment, DANA, storeOrganization } from "./console-fixtures";

// `gatehouse iam-template` as an administrator runs it: the bundled program against the real
// /api/v1/admin/iam-template route behind an HTTP server (a CLI token, decide()'s admin:access, the sandbox's
// organization and broker). A developer gets the refusal with what it takes.

let aws: AwsSandbox;
let home: string;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let bridge: Awaited<ReturnType<typeof startCliApiBridge>>;
let bundle: string;

async function signIn(person: typeof DANA, dir: string): Promise<void> {
  const token = await logIn(await loadRoutes(), person, `${person.email}-laptop`);
  writePrivateJson(path.join(dir, "gatehouse", "token.json"), {
    url: bridge.url,
    token: token.token,
    expiresAt: token.expiresAt,
    email: person.email,
    name: person.email,
    deviceName: "test",
  });
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-iam-"));
  aws = await startAwsSandbox({ port: 0, gateway: false });
  database = await createTestDatabase("pglite");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url));
  db = connectTestDatabase(database.url);
  vi.resetModules();
  await storeOrganization(db, aws.state.seed);
  await storePeople(db);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
  bridge = await startCliApiBridge([
    { method: "GET", pattern: "/api/v1/admin/iam-template", handler: (await import("@/app/api/v1/admin/iam-template/route")).GET },
  ]);
  bundle = (await buildCliBundle()).file;
  await signIn(ADA, path.join(home, "ada"));
  await signIn(DANA, path.join(home, "dana"));
}, 120_000);
afterAll(async () => {
  await bridge?.close();
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
  rmSync(home, { recursive: true, force: true });
});

const envFor = (who: string): NodeJS.ProcessEnv =>
  ({ PATH: process.env.PATH ?? "", HOME: path.join(home, who), XDG_CONFIG_HOME: path.join(home, who) }) as unknown as NodeJS.ProcessEnv;

function run(who: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, "iam-template", ...args], { env: envFor(who), cwd: home, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

type Template = { Resources: Record<string, { Type: string; Properties: { RoleName?: string; PermissionModel?: string } }> };

describe("gatehouse iam-template", () => {
  it("prints the Custodian template for an administrator", async () => {
    const { code, stdout } = await run("ada", []);
    expect(code).toBe(0);
    const template = JSON.parse(stdout) as Template;
    expect(Object.values(template.Resources).map((r) => r.Properties.RoleName)).toEqual(["CustodianAdmin", "CustodianDeveloper"]);
  });

  it("writes the StackSet template to a file with --output", async () => {
    const { code, stderr } = await run("ada", ["--kind", "targets", "--output", "targets.json"]);
    expect(code).toBe(0);
    expect(stderr).toContain("wrote the targets template to");
    const template = JSON.parse(readFileSync(path.join(home, "targets.json"), "utf8")) as Template;
    expect(
      Object.values(template.Resources).every((r) => r.Type === "AWS::CloudFormation::StackSet" && r.Properties.PermissionModel === "SERVICE_MANAGED"),
    ).toBe(true);
  });

  it("tells a developer the templates are for administrators, and refuses an unknown kind before any call", async () => {
    const refused = await run("dana", []);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Gatehouse refused: .*\nThe templates are for Gatehouse administrators/);
    expect(refused.stdout).toBe("");
    const usage = await run("ada", ["--kind", "everything"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--kind "everything" is not one of custodian, targets, management');
  });
});
