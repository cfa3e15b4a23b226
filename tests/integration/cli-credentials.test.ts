import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import type { Actor } from "@/lib/actor/actor";
import type { CopiedCredentials, CredentialProcessOutput } from "@/lib/cli/cli-api";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { call, getRequest, jsonRequest } from "../support/routes";
import { browserActor, loadRoutes, logIn, storePeople, type Routes } from "./cli-fixtures";
import { consoleEnvironment, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// Temporary credentials through POST /api/v1/credentials (the command line, with a token) and POST /api/credentials
// (Copy temporary credentials, in the browser), both real handlers against the sandbox AWS on PostgreSQL and PGlite:
// the credentials are the person's own (checked with the real AWS SDK), decide() refuses with its reason and every
// attempt is on record, and a group removed in Google takes effect at the token's next re-check.

type Refused = { error: string; message: string };

let aws: AwsSandbox;
let restoreEnv: () => void;
let routes: Routes;
let actorFromCliToken: typeof import("@/lib/cli/token-actor").actorFromCliToken;
let credentials: typeof import("@/app/api/v1/credentials/route").POST;
let copy: typeof import("@/app/api/credentials/route").POST;
let roles: typeof import("@/app/api/v1/roles/route").GET;
let instances: typeof import("@/app/api/v1/instances/route").GET;
let resetRoleChainCache: () => void;
const groupsFile = path.join(os.tmpdir(), `gatehouse-cli-groups-${process.pid}.yaml`);
const demoGroups = readFileSync("config/demo/groups.yaml", "utf8");

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  writeFileSync(groupsFile, demoGroups);
  restoreEnv = applyAppEnvironment(
    consoleEnvironment(aws, "postgresql://set-per-database@127.0.0.1:1/x", { GROUPS_FILE: groupsFile, GROUPS_CACHE_TTL_SECONDS: "0" }),
  );
  routes = await loadRoutes();
  ({ actorFromCliToken } = await import("@/lib/cli/token-actor"));
  credentials = (await import("@/app/api/v1/credentials/route")).POST;
  copy = (await import("@/app/api/credentials/route")).POST;
  roles = (await import("@/app/api/v1/roles/route")).GET;
  instances = (await import("@/app/api/v1/instances/route")).GET;
  ({ resetRoleChainCache } = await import("@/lib/aws/role-chain"));
});
afterAll(async () => {
  restoreEnv?.();
  await aws?.close();
});

const callerArn = async (output: Pick<CredentialProcessOutput, "AccessKeyId" | "SecretAccessKey" | "SessionToken">) => {
  const sts = new STSClient({
    endpoint: aws.url,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: output.AccessKeyId, secretAccessKey: output.SecretAccessKey, sessionToken: output.SessionToken },
  });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
};

/** What the command sends: no Origin, a bearer token (the Actor is what getActor builds from it). */
const commandRequest = (body: unknown) =>
  new Request("http://localhost:3000/api/v1/credentials", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe.each(DATABASE_KINDS)("command-line credentials on %s", (kind) => {
  let database: TestDatabase;
  let db: ReturnType<typeof connectTestDatabase>;
  let dana: Actor;
  let danaToken: string;
  const ask = <T = CredentialProcessOutput>(actor: Actor, body: unknown) => call<T | Refused>(credentials, actor, commandRequest(body));
  const records = (since: Date) => db.auditEvent.findMany({ where: { action: "credentials.issue", at: { gte: since } }, orderBy: { at: "asc" } });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = connectTestDatabase(database.url);
    await storeOrganization(db, aws.state.seed);
    await storePeople(db);
    const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
    await publishAccessPolicyFile("config/demo/access-profiles.yaml");
    danaToken = (await logIn(routes, DANA, "dana-laptop")).token;
    dana = (await actorFromCliToken(danaToken, META))!;
    expect(dana).toMatchObject({ via: "cli-token" });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });
  beforeEach(() => {
    resetRoleChainCache();
    writeFileSync(groupsFile, demoGroups);
  });

  it("gives Dana's token credential_process output for Developer in API Dev, which AWS knows as dana@example.com", async () => {
    const since = new Date();
    const answer = await ask(dana, { account: "444444444444", role: "Developer" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const output = answer.body as CredentialProcessOutput;
    expect(output).toMatchObject({ Version: 1, AccountId: "444444444444" });
    expect(Object.keys(output).sort()).toEqual(["AccessKeyId", "AccountId", "Expiration", "SecretAccessKey", "SessionToken", "Version"]);
    expect(Date.parse(output.Expiration) - Date.now()).toBeGreaterThan(20 * 60_000);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await callerArn(output)).toBe("arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com");

    const [allowed, issued] = await records(since);
    expect(allowed).toMatchObject({
      outcome: "allowed",
      actorSub: DANA.sub,
      via: "cli-token",
      authSessionId: dana.sessionId,
      accountId: "444444444444",
      roleName: "Developer",
      profileId: "developer",
      sourceIp: META.sourceIp,
    });
    expect(issued).toMatchObject({ outcome: "issued", via: "cli-token", destination: "the command line" });
    expect(issued!.detail).toContain(`temporary credentials ${output.AccessKeyId} for arn:aws:iam::444444444444:role/Developer as dana@example.com`);
    expect(issued!.detail).toContain('device "dana-laptop"');
    expect(JSON.stringify(await db.auditEvent.findMany())).not.toContain(output.SecretAccessKey);
  });

  it("takes the account by its exact name too", async () => {
    const answer = await ask(dana, { account: "API Dev", role: "Developer" });
    expect(answer.status).toBe(200);
    expect((answer.body as CredentialProcessOutput).AccountId).toBe("444444444444");
  });

  it("refuses an unknown account name or id, and a role the profile does not grant, with decide()'s reason on record", async () => {
    const cases: Array<[Record<string, string>, number, string, RegExp]> = [
      [{ account: "Api Dev", role: "Developer" }, 404, "unknown-account", /No account in the organization is named "Api Dev"/],
      [{ account: "999999999999", role: "Developer" }, 404, "unknown-account", /Account 999999999999 is not in the organization/],
      [
        { account: "API Prod", role: "Admin" },
        403,
        "not-granted",
        /^Your profiles \(developer\) do not grant role Admin in account 333333333333 \(API Prod\)\. They grant ReadOnly there\.$/,
      ],
      [{ account: "444444444444", role: "NoSuchRole" }, 403, "not-granted", /do not grant role NoSuchRole/],
    ];
    aws.stats.reset();
    for (const [body, status, code, message] of cases) {
      const since = new Date();
      const answer = await ask(dana, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect((answer.body as Refused).error).toBe(code);
      expect((answer.body as Refused).message).toMatch(message);
      const written = await records(since);
      expect(written.map((r) => r.outcome)).toEqual(["denied"]);
      expect(written[0]!.detail).toMatch(new RegExp(`^${code}: `));
      expect(written[0]!.roleName).toBe(body.role);
    }
    expect(aws.stats.snapshot().services.sts?.operations.AssumeRole?.requests ?? 0).toBe(0);
  });

  it("refuses malformed input before the service, on record once", async () => {
    const since = new Date();
    const answer = await ask(dana, { account: "444444444444", role: "Developer; rm -rf /" });
    expect(answer.status).toBe(400);
    expect((await records(since)).map((r) => [r.outcome, r.roleName])).toEqual([["denied", "Developer; rm -rf /"]]);
  });

  it("applies the group re-check: Dana removed from developers@ is refused at the next check, not before", async () => {
    const token = (await logIn(routes, DANA, "recheck")).token;
    const id = token.slice(4, 36);
    expect((await ask((await actorFromCliToken(token, META))!, { account: "444444444444", role: "Developer" })).status).toBe(200);
    const groups = YAML.parse(demoGroups) as { groups: Record<string, { members: string[] }> };
    groups.groups["developers@example.com"]!.members = [];
    writeFileSync(groupsFile, YAML.stringify(groups));
    // Within SESSION_RECHECK_SECONDS the token keeps the groups it was checked with.
    expect((await actorFromCliToken(token, META))!.groups).toContain("developers@example.com");
    await db.authSession.update({ where: { id }, data: { groupsCheckedAt: new Date(Date.now() - 301_000) } });
    const rechecked = (await actorFromCliToken(token, META))!;
    expect(rechecked.groups).toEqual(["engineering@example.com"]);
    const since = new Date();
    const refused = await ask(rechecked, { account: "444444444444", role: "Developer" });
    expect(refused.status).toBe(403);
    expect((refused.body as Refused).error).toBe("no-profile");
    expect((await records(since)).map((r) => r.outcome)).toEqual(["denied"]);
    expect((await db.authSession.findUniqueOrThrow({ where: { id } })).groups).toEqual(["engineering@example.com"]);
  });

  it("lists the roles decide() allows, with their profile names, narrowed by a search term", async () => {
    const all = await call<{ roles: Array<Record<string, unknown>> }>(roles, dana, getRequest("/api/v1/roles"));
    expect(all.status).toBe(200);
    expect(all.body.roles).toContainEqual({
      accountId: "444444444444",
      accountName: "API Dev",
      roleName: "Developer",
      profileId: "developer",
      requireReason: false,
      profileName: "gh-api-dev-developer",
    });
    expect(all.body.roles.some((role) => role.roleName === "Admin")).toBe(false);
    const some = await call<{ roles: Array<Record<string, unknown>> }>(roles, dana, getRequest("/api/v1/roles", { q: "sandbox" }));
    expect(some.body.roles.length).toBeGreaterThan(0);
    expect(some.body.roles.every((role) => String(role.accountName).toLowerCase().includes("sandbox"))).toBe(true);
    const nora = await call<{ roles: unknown[] }>(roles, { ...dana, sub: NORA.sub, email: NORA.email, groups: [] }, getRequest("/api/v1/roles"));
    expect(nora.body.roles).toEqual([]);
  });

  it("lists the instances the token's person may reach, narrowed by a search term", async () => {
    const all = await call<{ instances: Array<{ name: string | null; instanceId: string }>; problems: unknown[] }>(
      instances,
      dana,
      getRequest("/api/v1/instances"),
    );
    expect(all.status).toBe(200);
    expect(all.body.instances.length).toBeGreaterThan(0);
    expect(all.body.instances.every((row) => row.name === "Develop")).toBe(true);
    const one = all.body.instances[0]!.instanceId;
    const some = await call<{ instances: Array<{ instanceId: string }> }>(instances, dana, getRequest("/api/v1/instances", { q: one }));
    expect(some.body.instances.map((row) => row.instanceId)).toEqual([one]);
  });

  it("copies temporary credentials to the browser only by the explicit route, audited the same way", async () => {
    const since = new Date();
    const answer = await call<CopiedCredentials>(
      copy,
      browserActor(DANA),
      jsonRequest("/api/credentials", { accountId: "444444444444", roleName: "Developer" }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const lines = answer.body.exports.split("\n");
    expect(lines.map((line) => line.replace(/=.*/, ""))).toEqual(["export AWS_ACCESS_KEY_ID", "export AWS_SECRET_ACCESS_KEY", "export AWS_SESSION_TOKEN"]);
    const value = (i: number) => lines[i]!.replace(/^[^=]+='(.*)'$/, "$1");
    expect(await callerArn({ AccessKeyId: value(0), SecretAccessKey: value(1), SessionToken: value(2) })).toBe(
      "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com",
    );
    expect((await records(since)).map((r) => [r.outcome, r.via, r.destination])).toEqual([
      ["allowed", "browser-session", "the browser (Copy temporary credentials)"],
      ["issued", "browser-session", "the browser (Copy temporary credentials)"],
    ]);
    // A cross-site page cannot make the browser ask (and the refusal is on record); a token is nobody here.
    const cross = await call(
      copy,
      browserActor(DANA),
      jsonRequest(
        "/api/credentials",
        { accountId: "444444444444", roleName: "Developer" },
        { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
      ),
    );
    expect(cross.status).toBe(403);
    expect((await call(copy, dana, jsonRequest("/api/credentials", { accountId: "444444444444", roleName: "Developer" }))).status).toBe(401);
    // Nor does the command-line route take a browser session.
    expect((await ask(browserActor(DANA), { account: "444444444444", role: "Developer" })).status).toBe(401);
  });

  it("keeps AWS faults on record: allowed, then error, and nothing handed out", async () => {
    aws.faults.add({ kind: "throttle", service: "sts", operation: "AssumeRole", count: 20 });
    try {
      const since = new Date();
      const answer = await ask(dana, { account: "444444444444", role: "Developer" });
      expect(answer.status).toBe(503);
      expect((answer.body as Refused).error).toBe("aws-throttled");
      expect((await records(since)).map((r) => r.outcome)).toEqual(["allowed", "error"]);
    } finally {
      aws.faults.clear();
    }
  });
});

describe("BROKER_MODE=web-identity", () => {
  it("answers the command line 501 unsupported-session (a token holds no Google ID token), on record", async () => {
    const database = await createTestDatabase("postgresql");
    const restore = applyAppEnvironment({ BROKER_MODE: "web-identity" });
    vi.resetModules();
    const db = connectTestDatabase(database.url);
    try {
      await storeOrganization(db, aws.state.seed);
      const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
      await publishAccessPolicyFile("config/demo/access-profiles.yaml");
      const route = (await import("@/app/api/v1/credentials/route")).POST;
      const actor = { ...browserActor(DANA), via: "cli-token" as const };
      const answer = await call<Refused>(route, actor, commandRequest({ account: "444444444444", role: "Developer" }));
      expect(answer.status).toBe(501);
      expect(answer.body).toMatchObject({ error: "unsupported-session", message: expect.stringContaining("BROKER_MODE=web-identity") });
      expect(await db.auditEvent.findMany({ where: { action: "credentials.issue" } })).toMatchObject([
        { outcome: "denied", detail: expect.stringMatching(/^unsupported-session: /) },
      ]);
    } finally {
      restore();
      vi.resetModules();
      await db.$disconnect();
      await database.drop();
    }
  });
});
