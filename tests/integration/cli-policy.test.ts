import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

// `gatehouse policy` as a CI job runs it: the bundled program, a command-line token, the real /api/v1/admin/policy
// routes. diff prints errors with file:line:column and field, or who gains and loses what; apply makes the file the
// version in force (and is a no-op when it already is); show and log read the stored versions; non-admins are refused.

const DEMO_FILE = "config/demo/access-profiles.yaml";
const demoText = readFileSync(DEMO_FILE, "utf8");

let aws: AwsSandbox;
let home: string;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
let bridge: Awaited<ReturnType<typeof startCliApiBridge>>;
let bundle: string;

async function signIn(person: typeof DANA): Promise<void> {
  const token = await logIn(await loadRoutes(), person, `${person.email}-ci`);
  writePrivateJson(path.join(home, person.email, "gatehouse", "token.json"), {
    url: bridge.url,
    token: token.token,
    expiresAt: token.expiresAt,
    email: person.email,
    name: person.email,
    deviceName: "ci",
  });
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-policy-"));
  aws = await startAwsSandbox({ port: 0, gateway: false });
  database = await createTestDatabase("pglite");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { ACCESS_PROFILES_FILE: DEMO_FILE }));
  db = connectTestDatabase(database.url);
  vi.resetModules();
  await storeOrganization(db, aws.state.seed);
  await storePeople(db);
  await (await import("@/lib/access/policy-store")).seedAccessPolicy(DEMO_FILE);
  const policy = await import("@/app/api/v1/admin/policy/route");
  bridge = await startCliApiBridge([
    { method: "GET", pattern: "/api/v1/admin/policy", handler: policy.GET },
    { method: "POST", pattern: "/api/v1/admin/policy", handler: policy.POST },
    { method: "POST", pattern: "/api/v1/admin/policy/preview", handler: (await import("@/app/api/v1/admin/policy/preview/route")).POST },
    { method: "GET", pattern: "/api/v1/admin/policy/versions/:version", handler: (await import("@/app/api/v1/admin/policy/versions/[version]/route")).GET },
  ]);
  bundle = (await buildCliBundle()).file;
  await signIn(ADA);
  await signIn(DANA);
}, 120_000);
afterAll(async () => {
  await bridge?.close();
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
  rmSync(home, { recursive: true, force: true });
});

function gatehouse(who: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = path.join(home, who);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: dir, XDG_CONFIG_HOME: dir } as unknown as NodeJS.ProcessEnv,
      cwd: home,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const file = (name: string, text: string) => {
  const where = path.join(home, name);
  writeFileSync(where, text);
  return where;
};

describe("gatehouse policy", () => {
  it("diff names file, line, column and field of each error, and exits 1", async () => {
    const broken = file("broken.yaml", demoText.replace("regions: all, role: Admin }", "regions: everywhere, role: Admin }"));
    const run = await gatehouse(ADA.email, ["policy", "diff", broken]);
    expect(run.code).toBe(1);
    const line = demoText.split("\n").findIndex((text) => text.includes("regions: all, role: Admin }")) + 1;
    expect(run.stderr).toMatch(new RegExp(`broken\\.yaml:${line}:\\d+ profiles\\[0\\]\\.instances\\[0\\]\\.regions: `));
    expect(await db.accessPolicyVersion.count()).toBe(1);
  });

  it("diff prints who gains and loses what, and changes nothing", async () => {
    const wider = file("wider.yaml", demoText.replace(`roles: [Developer] }`, `roles: [Developer, Admin] }`));
    const run = await gatehouse(ADA.email, ["policy", "diff", wider]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("against version 1 (in force)");
    expect(run.stdout).toMatch(/dana@example\.com\n {2}\+ Admin in .+ \(444444444444\) {2}\[developer\]\n {2}\+ Admin in .+ \(555555555555\) {2}\[developer\]/);
    expect(run.stdout).toContain("Summary: 1 person: +2 roles");
    expect(await db.accessPolicyVersion.count()).toBe(1);
  });

  it("apply makes the file version 2 with its message; applying it again changes nothing", async () => {
    const wider = path.join(home, "wider.yaml");
    const run = await gatehouse(ADA.email, ["policy", "apply", wider, "--message", "PR #12: Admin for developers"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Applied: version 2 is in force");
    expect(await db.accessPolicyVersion.findUniqueOrThrow({ where: { version: 2 } })).toMatchObject({
      message: "PR #12: Admin for developers",
      source: "command-line",
      authorEmail: ADA.email,
    });
    const again = await gatehouse(ADA.email, ["policy", "apply", wider]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("is the text of version 2, in force now: nothing to change");
    expect(await db.accessPolicyVersion.count()).toBe(2);
  });

  it("apply --expect-version refuses when another version is in force", async () => {
    const run = await gatehouse(ADA.email, ["policy", "apply", file("demo.yaml", demoText), "--expect-version", "1"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Version 2 is in force now, not version 1");
    expect(await db.accessPolicyVersion.count()).toBe(2);
  });

  it("apply refuses a file that leaves no administrator", async () => {
    const run = await gatehouse(ADA.email, ["policy", "apply", file("no-admin.yaml", demoText.replace("    admin: true\n", ""))]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("nobody administering Gatehouse");
    expect(await db.accessPolicyVersion.count()).toBe(2);
  });

  it("show prints the text in force or of a version; log lists them", async () => {
    expect((await gatehouse(ADA.email, ["policy", "show"])).stdout).toBe(readFileSync(path.join(home, "wider.yaml"), "utf8"));
    expect((await gatehouse(ADA.email, ["policy", "show", "1"])).stdout).toBe(demoText);
    const log = await gatehouse(ADA.email, ["policy", "log"]);
    expect(log.stdout).toMatch(/^VERSION +WHEN +WHO +HOW +MESSAGE\n2 \* .+ada@example\.com +command-line +PR #12: Admin for developers\n1 .+file:config\/demo/);
  });

  it("refuses non-administrators and bad arguments with a clear message", async () => {
    const dana = await gatehouse(DANA.email, ["policy", "diff", path.join(home, "demo.yaml")]);
    expect(dana.code).toBe(1);
    expect(dana.stderr).toContain("Gatehouse refused: Only administrators may see who can reach what");
    expect((await gatehouse(ADA.email, ["policy", "diff", path.join(home, "missing.yaml")])).stderr).toContain("cannot read");
    const unknown = await gatehouse(ADA.email, ["policy", "push"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown policy command "push"');
  });
});
