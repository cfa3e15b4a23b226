import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import type { RouteHandler } from "@/lib/http/route";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { call, getRequest, jsonRequest } from "../support/routes";
import { ADA, consoleEnvironment, DANA, NORA, storeOrganization } from "./console-fixtures";

// Profile versions through the routes' real handlers, on PostgreSQL and PGlite: the file seeds version 1 and never
// overwrites a stored change; preview shows validation errors with line and field, or who gains and loses what;
// apply is serialized by a version check; a version leaving no administrator is refused; restore brings an earlier
// text back as a new version; every change and refusal is audited, a change with its diff.

const DEMO_FILE = "config/demo/access-profiles.yaml";
const demoText = readFileSync(DEMO_FILE, "utf8");
// Dana's profile also grants Admin in API Dev, and loses the Develop-instance rule.
const widened = demoText
  .replace(
    `      - { accounts: ["444444444444", "555555555555"], roles: [Developer] }`,
    `      - { accounts: ["444444444444", "555555555555"], roles: [Developer] }\n      - { accounts: ["444444444444"], roles: [Admin] }`,
  )
  .replace(
    /    instances:\n      - accounts: \["444444444444", "555555555555"\]\n        regions: all\n        tags: \{ Name: \[Develop\] \}\n        role: Developer\n/,
    "",
  );
const noAdmin = demoText.replace("    admin: true\n", "");

describe.each(DATABASE_KINDS)("profile versions on %s", (kind) => {
  let aws: AwsSandbox;
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let routes: Record<"list" | "apply" | "preview" | "restore" | "version" | "cliApply" | "cliPreview", RouteHandler>;
  const ada = testActor(ADA);
  const dana = testActor(DANA);
  const adaCli = testActor({ ...ADA, via: "cli-token" });
  let store: typeof import("@/lib/access/policy-store");

  beforeAll(async () => {
    aws = await startAwsSandbox({ port: 0, gateway: false });
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { ORG_SYNC_INTERVAL_SECONDS: "0", ACCESS_PROFILES_FILE: DEMO_FILE }));
    db = connectTestDatabase(database.url);
    await storeOrganization(db, aws.state.seed);
    store = await import("@/lib/access/policy-store");
    routes = {
      list: (await import("@/app/api/admin/policy/route")).GET,
      apply: (await import("@/app/api/admin/policy/route")).POST,
      preview: (await import("@/app/api/admin/policy/preview/route")).POST,
      restore: (await import("@/app/api/admin/policy/restore/route")).POST,
      version: (await import("@/app/api/admin/policy/versions/[version]/route")).GET,
      cliApply: (await import("@/app/api/v1/admin/policy/route")).POST,
      cliPreview: (await import("@/app/api/v1/admin/policy/preview/route")).POST,
    };
  });
  afterAll(async () => {
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
    await aws?.close();
  });

  it("the file seeds version 1 once; a restart with another file keeps the stored version", async () => {
    await store.seedAccessPolicy(DEMO_FILE);
    await store.seedAccessPolicy(DEMO_FILE);
    expect(await db.accessPolicyVersion.count()).toBe(1);
    const first = await db.accessPolicyVersion.findUniqueOrThrow({ where: { version: 1 } });
    expect(first).toMatchObject({ source: "file", text: demoText, authorEmail: `file:${DEMO_FILE}` });
    // A start with a different (even broken) file changes nothing: the stored versions are the truth.
    await store.seedAccessPolicy("tests/integration/does-not-exist.yaml");
    store.forgetCachedPolicy();
    expect((await store.getCurrentPolicy()).version).toBe(1);
  });

  it("preview names the line and field of each error, and stores nothing", async () => {
    const broken = demoText.replace("custodianRole: arn:aws:iam::111111111111:role/CustodianDeveloper", "custodianRole: CustodianDeveloper");
    const answer = await call(routes.preview, ada, jsonRequest("/api/admin/policy/preview", { text: broken }));
    expect(answer.status).toBe(200);
    const body = answer.body as { valid: boolean; issues: { line: number; path: string; message: string }[] };
    expect(body.valid).toBe(false);
    const line = demoText.split("\n").findIndex((text) => text.includes("role/CustodianDeveloper")) + 1;
    expect(body.issues).toEqual([
      expect.objectContaining({ line, path: "profiles[1].custodianRole", message: expect.stringContaining("expected an IAM role ARN") }),
    ]);
    expect(await db.accessPolicyVersion.count()).toBe(1);
  });

  it("preview shows who gains and who loses which roles and instance rules", async () => {
    const answer = await call(routes.preview, ada, jsonRequest("/api/admin/policy/preview", { text: widened }));
    expect(answer.status).toBe(200);
    const body = answer.body as { valid: true; baseVersion: number; unchanged: boolean; refusal: null; diff: { people: Record<string, unknown>[] } };
    expect(body).toMatchObject({ valid: true, baseVersion: 1, unchanged: false, refusal: null });
    expect(body.diff.people).toEqual([
      {
        email: "dana@example.com",
        gainedRoles: [expect.objectContaining({ accountId: "444444444444", roleName: "Admin", profileId: "developer" })],
        lostRoles: [],
        gainedRules: [],
        lostRules: [expect.objectContaining({ kind: "shell", profileId: "developer", summary: expect.stringContaining("tag Name=Develop") })],
      },
    ]);
  });

  it("apply stores version 2 with its author, message and diff, audited before it takes effect", async () => {
    const answer = await call(
      routes.apply,
      ada,
      jsonRequest("/api/admin/policy", { text: widened, message: "Admin in API Dev for developers", expectedVersion: 1 }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ version: 2, unchanged: false });
    const stored = await db.accessPolicyVersion.findUniqueOrThrow({ where: { version: 2 } });
    expect(stored).toMatchObject({ text: widened, message: "Admin in API Dev for developers", source: "admin-page", authorEmail: ADA.email });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "policy.apply" }, orderBy: { at: "desc" } });
    expect(audit).toMatchObject({ outcome: "allowed", actorEmail: ADA.email });
    expect(audit.detail).toContain("version 2 from 1");
    expect(audit.detail).toContain("+1 role");
    // The next decision uses version 2 on this instance at once.
    const { decide } = await import("@/lib/access");
    const account = { id: "444444444444", status: "ACTIVE", ouPath: ["r-gh00", "ou-gh00-service1", "ou-gh00-api00001"] };
    expect(
      decide(DANA, { action: "console:open", accountId: "444444444444", roleName: "Admin" }, { policy: await store.getAccessPolicy(), account }).allowed,
    ).toBe(true);
  });

  it("a change made from an older version is refused with 409 and the version in force", async () => {
    const answer = await call(routes.apply, ada, jsonRequest("/api/admin/policy", { text: demoText, message: "stale", expectedVersion: 1 }));
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: "conflict", currentVersion: 2 });
    expect(await db.accessPolicyVersion.count()).toBe(2);
  });

  it("two applies from the same version at once: exactly one is stored, the other gets 409", async () => {
    const texts = [`${widened}\n# first\n`, `${widened}\n# second\n`];
    const answers = await Promise.all(
      texts.map((text) => call(routes.apply, ada, jsonRequest("/api/admin/policy", { text, message: "race", expectedVersion: 2 }))),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await db.accessPolicyVersion.count()).toBe(3);
  });

  it("a version that would leave no administrator is refused, audited, and nothing changes", async () => {
    const preview = await call(routes.preview, ada, jsonRequest("/api/admin/policy/preview", { text: noAdmin }));
    expect(preview.body).toMatchObject({ valid: true, refusal: expect.stringContaining("nobody administering") });
    const answer = await call(routes.apply, ada, jsonRequest("/api/admin/policy", { text: noAdmin, message: "oops", expectedVersion: 3 }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: "invalid-input", message: expect.stringContaining("nobody administering") });
    expect(await db.accessPolicyVersion.count()).toBe(3);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "policy.apply" }, orderBy: { at: "desc" } });
    expect(audit).toMatchObject({ outcome: "denied" });
  });

  it("restore brings version 1 back as version 4, with the diff back", async () => {
    const preview = await call(routes.preview, ada, jsonRequest("/api/admin/policy/preview", { restore: 1 }));
    const previewed = preview.body as { diff: { people: { email: string; lostRoles: unknown[] }[] } };
    expect(previewed.diff.people).toEqual([
      expect.objectContaining({ email: "dana@example.com", lostRoles: [expect.objectContaining({ roleName: "Admin" })] }),
    ]);
    const answer = await call(routes.restore, ada, jsonRequest("/api/admin/policy/restore", { version: 1, expectedVersion: 3 }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ version: 4 });
    const stored = await db.accessPolicyVersion.findUniqueOrThrow({ where: { version: 4 } });
    expect(stored).toMatchObject({ text: demoText, source: "restore", restoredFrom: 1, message: "Restore version 1" });
    expect(await db.auditEvent.count({ where: { action: "policy.restore", outcome: "allowed" } })).toBe(1);
    const listed = await call(routes.list, ada, getRequest("/api/admin/policy"));
    expect(listed.body).toMatchObject({ current: 4, versions: [{ version: 4 }, { version: 3 }, { version: 2 }, { version: 1 }] });
    const one = await call(routes.version, ada, getRequest("/api/admin/policy/versions/2"), { version: "2" });
    expect(one.body).toMatchObject({ version: 2, text: widened, current: 4 });
  });

  it("the command line's routes are the same service, recorded as command-line", async () => {
    const preview = await call(routes.cliPreview, adaCli, jsonRequest("/api/v1/admin/policy/preview", { text: demoText }));
    expect(preview.body).toMatchObject({ valid: true, unchanged: true });
    const same = await call(routes.cliApply, adaCli, jsonRequest("/api/v1/admin/policy", { text: demoText, message: "from git", expectedVersion: 4 }));
    expect(same.body).toMatchObject({ version: 4, unchanged: true });
    const changed = await call(routes.cliApply, adaCli, jsonRequest("/api/v1/admin/policy", { text: widened, message: "from git", expectedVersion: 4 }));
    expect(changed.status).toBe(200);
    expect(await db.accessPolicyVersion.findUniqueOrThrow({ where: { version: 5 } })).toMatchObject({ source: "command-line" });
  });

  it("non-administrators get 403 from every route, and their attempt to change is audited", async () => {
    for (const who of [dana, testActor(NORA)]) {
      expect((await call(routes.list, who, getRequest("/api/admin/policy"))).status).toBe(403);
      expect((await call(routes.preview, who, jsonRequest("/api/admin/policy/preview", { text: demoText }))).status).toBe(403);
      expect((await call(routes.version, who, getRequest("/api/admin/policy/versions/1"), { version: "1" })).status).toBe(403);
      expect((await call(routes.apply, who, jsonRequest("/api/admin/policy", { text: demoText, message: "me", expectedVersion: 5 }))).status).toBe(403);
      expect((await call(routes.restore, who, jsonRequest("/api/admin/policy/restore", { version: 1, expectedVersion: 5 }))).status).toBe(403);
    }
    expect(await db.auditEvent.count({ where: { action: { in: ["policy.apply", "policy.restore"] }, outcome: "denied", actorEmail: DANA.email } })).toBe(2);
    expect(await db.accessPolicyVersion.count()).toBe(5);
  });

  it("bad input: a missing message, a huge text, a version that does not exist", async () => {
    const noMessage = await call(routes.apply, ada, jsonRequest("/api/admin/policy", { text: demoText, expectedVersion: 5 }));
    expect(noMessage.status).toBe(400);
    const huge = await call(routes.preview, ada, jsonRequest("/api/admin/policy/preview", { text: `# ${"x".repeat(300 * 1024)}\n${demoText}` }));
    expect(huge.status).toBe(400);
    const missing = await call(routes.restore, ada, jsonRequest("/api/admin/policy/restore", { version: 99, expectedVersion: 5 }));
    expect(missing.status).toBe(404);
  });
});
