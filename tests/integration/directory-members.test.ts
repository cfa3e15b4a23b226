import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMemberListing, GroupSourceError } from "@/lib/auth/groups";
import { createSandboxServiceAccount, type SandboxServiceAccountKeyFile } from "@/sandbox/google/service-account";
import { startGoogleSandbox, type GoogleSandbox } from "@/sandbox/google/start-google-sandbox";
import { testActor } from "../support/actor";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/databases";

// The Directory API's members.list (lib/auth/groups/directory-members.ts) against the sandbox's fake, over HTTP, and
// the "who can reach what" matrix under GROUPS_SOURCE=directory: people who never signed in, the in-memory cache,
// and what the answer says when the directory fails.

const DEMO_PROFILES = "config/demo/access-profiles.yaml";
// The demo groups plus more developers and a nested group, so a page size of 1 gives several pages.
const GROUPS_YAML = `groups:
  admins@example.com:
    name: Admins
    members: [ada@example.com]
  developers@example.com:
    name: Developers
    members: [dana@example.com, Erin@example.com, frank@example.com, contractors@example.com]
  contractors@example.com:
    name: Contractors
    members: [gina@example.com]
  engineering@example.com:
    name: Engineering
    members: [ada@example.com, dana@example.com]
`;

const ada = testActor({ sub: "100000000000000000001", email: "ada@example.com", groups: ["admins@example.com", "engineering@example.com"] });

let google: GoogleSandbox;
let keyFile: SandboxServiceAccountKeyFile;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-members-"));
  writeFileSync(path.join(dir, "groups.yaml"), GROUPS_YAML);
  const account = createSandboxServiceAccount();
  google = await startGoogleSandbox({
    port: 0,
    clients: [],
    serviceAccounts: [account.registration],
    groupsFile: path.join(dir, "groups.yaml"),
    directoryPageSize: 1,
  });
  keyFile = { ...account.keyFile, token_uri: google.tokenUrl };
});

afterAll(async () => {
  await google?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

function membersCalls(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map(([url]) => String(url)).filter((url) => /\/admin\/directory\/v1\/groups\/[^/]+\/members/.test(url));
}

async function failure(promise: Promise<unknown>): Promise<GroupSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GroupSourceError);
  return error as GroupSourceError;
}

describe("members.list against the sandbox Directory API", () => {
  const listing = () => createMemberListing({ kind: "directory", credentialsJson: JSON.stringify(keyFile), directoryBaseUrl: google.directoryBaseUrl });

  it("follows nextPageToken across pages and keeps the direct USER members, lower-cased, without expanding a nested group", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      expect(await (await listing()).listMembers("Developers@example.com")).toEqual(["dana@example.com", "erin@example.com", "frank@example.com"]);
      const calls = membersCalls(spy);
      expect(calls).toHaveLength(4); // page size 1, four members (one of them the nested contractors group)
      expect(calls.slice(1).every((url) => url.includes("pageToken="))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it("reports a group the directory does not know as group-not-found, naming it", async () => {
    const error = await failure((await listing()).listMembers("nobody-group@example.com"));
    expect(error).toMatchObject({ code: "group-not-found", status: 404 });
    expect(error.message).toBe("The Google directory has no group nobody-group@example.com: Resource Not Found: groupKey");
  });

  it("answers like Google over raw HTTP: 401 without a token, 400 for a bad maxResults, GROUP-typed nested members", async () => {
    const url = (query: string) => `${google.directoryBaseUrl}/admin/directory/v1/groups/developers%40example.com/members?${query}`;
    const unauthenticated = await fetch(url(""), { headers: { authorization: "Bearer ya29.forged" } });
    expect(unauthenticated.status).toBe(401);

    const spy = vi.spyOn(globalThis, "fetch");
    let token = "";
    try {
      await (await listing()).listMembers("admins@example.com");
      token = new Headers(spy.mock.calls.find(([u]) => String(u).includes("/members"))?.[1]?.headers).get("authorization") ?? "";
    } finally {
      spy.mockRestore();
    }
    const headers = { authorization: token };
    expect((await fetch(url("maxResults=201"), { headers })).status).toBe(400);
    expect((await fetch(url("maxResults=0"), { headers })).status).toBe(400);
    let pageToken = "";
    const types: Record<string, string> = {};
    for (let page = 0; page < 10; page += 1) {
      const body = (await (await fetch(url(`maxResults=200${pageToken ? `&pageToken=${pageToken}` : ""}`), { headers })).json()) as {
        kind: string;
        members: { email: string; type: string; role: string }[];
        nextPageToken?: string;
      };
      expect(body.kind).toBe("admin#directory#members");
      for (const member of body.members) types[member.email] = member.type;
      if (!body.nextPageToken) break;
      pageToken = body.nextPageToken;
    }
    expect(types).toEqual({ "dana@example.com": "USER", "erin@example.com": "USER", "frank@example.com": "USER", "contractors@example.com": "GROUP" });
    // A page token belongs to one group's listing.
    const other = await fetch(`${google.directoryBaseUrl}/admin/directory/v1/groups/engineering%40example.com/members?pageToken=${pageToken}`, { headers });
    expect(other.status).toBe(400);
  });
});

describe("who can reach what under GROUPS_SOURCE=directory", () => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let getAccessMatrix: typeof import("@/lib/admin-access/access-matrix-service").getAccessMatrix;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    restoreEnv = applyAppEnvironment({
      DATABASE_URL: database.url,
      GOOGLE_CLIENT_ID: "c",
      GOOGLE_CLIENT_SECRET: "s",
      ALLOWED_DOMAINS: "example.com",
      GROUPS_SOURCE: "directory",
      GOOGLE_DIRECTORY_CREDENTIALS_JSON: JSON.stringify(keyFile),
      GOOGLE_DIRECTORY_URL: google.directoryBaseUrl,
      GROUPS_CACHE_TTL_SECONDS: "60",
      ACCESS_PROFILES_FILE: DEMO_PROFILES,
    });
    db = connectTestDatabase(database.url);
    vi.resetModules();
    await (await import("@/lib/access/policy-store")).seedAccessPolicy(DEMO_PROFILES);
    // Only Nora has signed in; Ada, Dana, Erin and Frank never have.
    await db.user.create({ data: { sub: "100000000000000000003", email: "nora@example.com", name: "Nora", hostedDomain: "example.com", groups: [] } });
    ({ getAccessMatrix } = await import("@/lib/admin-access/access-matrix-service"));
  });

  afterAll(async () => {
    vi.useRealTimers();
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });

  const groupsOf = (result: Awaited<ReturnType<typeof getAccessMatrix>>) => Object.fromEntries(result.people.map((p) => [p.email, p.groups]));

  it("lists the members of the groups the profiles name, though they never signed in, with those groups", async () => {
    const result = await getAccessMatrix({ actor: ada, input: {} });
    expect(result.peopleSource).toBe("directory");
    expect(result.peopleNote).toBeUndefined();
    expect(groupsOf(result)).toEqual({
      // engineering@ and contractors@ are named by no profile, so they are not listed; gina is only in the nested group.
      "ada@example.com": ["admins@example.com"],
      "dana@example.com": ["developers@example.com"],
      "erin@example.com": ["developers@example.com"],
      "frank@example.com": ["developers@example.com"],
      "nora@example.com": [],
    });
    expect(result.people.find((p) => p.email === "ada@example.com")?.profileIds.length).toBeGreaterThan(0);
    expect(result.people.find((p) => p.email === "dana@example.com")?.profileIds.length).toBeGreaterThan(0);
  });

  it("answers from the cache while it is fresh: no Directory API calls", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      const result = await getAccessMatrix({ actor: ada, input: {} });
      expect(result.people.map((p) => p.email)).toContain("dana@example.com");
      expect(membersCalls(spy)).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
  });

  it("serves the last good listing with a note when the directory fails after the TTL", async () => {
    await google.close();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    const result = await getAccessMatrix({ actor: ada, input: {} });
    expect(result.peopleSource).toBe("directory-cached");
    expect(result.peopleNote).toMatch(/could not list the groups' members \(Cannot reach the Google Directory API .*\); shown is the last listing, read at /);
    expect(groupsOf(result)["dana@example.com"]).toEqual(["developers@example.com"]);
  });

  it("without a good listing, falls back to the people who have signed in and says so", async () => {
    vi.resetModules(); // a fresh process: nothing cached
    const fresh = await import("@/lib/admin-access/access-matrix-service");
    const result = await fresh.getAccessMatrix({ actor: ada, input: {} });
    expect(result.peopleSource).toBe("signed-in");
    expect(result.peopleNote).toContain("only people who have signed in");
    expect(result.people.map((p) => p.email)).toEqual(["nora@example.com"]);
  });
});
