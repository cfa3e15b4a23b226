import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "@/sandbox";
import { BrowserClient } from "../support/browser-client";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { freePort, startGatehouseProcess, type GatehouseProcess } from "../support/gatehouse-process";

// A change made on the admin pages survives a restart: Gatehouse started as production starts it, an administrator
// previews and applies a new version over HTTP as the page does, the server restarts with its (meanwhile edited)
// profile file, and the stored version is still the one in force. The file only seeded version 1.

const demoText = readFileSync("config/demo/access-profiles.yaml", "utf8");
const widened = demoText.replace(`roles: [Developer] }`, `roles: [Developer, Admin] }`);

let sandbox: RunningSandbox;
let database: TestDatabase;
let gatehouse: GatehouseProcess;
let dir: string;
let env: Record<string, string>;
let port: number;
let url: string;

beforeAll(async () => {
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-profile-restart-"));
  copyFileSync("config/demo/access-profiles.yaml", path.join(dir, "access-profiles.yaml"));
  sandbox = await startSandbox({ appUrl: url, googlePort: 0, awsPort: 0 });
  database = await createTestDatabase("postgresql");
  env = {
    ...sandbox.env,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: "profile-restart-test-secret-0123456789abcdef",
    ACCESS_PROFILES_FILE: path.join(dir, "access-profiles.yaml"),
    // The tests run silent; this one reads the start-up warning.
    LOG_LEVEL: "warn",
  };
  gatehouse = await startGatehouseProcess(env, { port });
}, 180_000);

afterAll(async () => {
  await gatehouse?.stop();
  await database?.drop();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

const adminConsole = (person: BrowserClient) => person.request(`${url}/api/console/options?accountId=444444444444&roleName=Admin`);

describe("profile versions across a restart", () => {
  let ada: BrowserClient;
  let dana: BrowserClient;

  it("applies a version from the admin page's calls", async () => {
    ada = new BrowserClient(url);
    dana = new BrowserClient(url);
    await ada.signIn("ada@example.com", { startOn: url, finishOn: url });
    await dana.signIn("dana@example.com", { startOn: url, finishOn: url });
    expect((await adminConsole(dana)).status).toBe(403);
    const preview = await ada.json(`${url}/api/admin/policy/preview`, { text: widened });
    expect(await preview.json()).toMatchObject({ valid: true, baseVersion: 1, summary: expect.stringContaining("+2 roles") });
    const applied = await ada.json(`${url}/api/admin/policy`, { text: widened, message: "Developers get Admin", expectedVersion: 1 });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ version: 2 });
    expect((await adminConsole(dana)).status).toBe(200);
  });

  it("keeps it in force after a restart with a different profile file, and says so in the log", async () => {
    writeFileSync(env.ACCESS_PROFILES_FILE!, `${demoText}\n# edited on disk after the change\n`);
    await gatehouse.stop();
    gatehouse = await startGatehouseProcess(env, { port });
    const versions = await ada.request(`${url}/api/admin/policy`);
    expect(await versions.json()).toMatchObject({
      current: 2,
      versions: [
        { version: 2, message: "Developers get Admin" },
        { version: 1, source: "file" },
      ],
    });
    expect((await adminConsole(dana)).status).toBe(200);
    expect(gatehouse.output()).toContain("the access-profile file differs from the stored version in force");
  });
});
