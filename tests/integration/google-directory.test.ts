import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createGroupSource, GroupSourceError } from "@/lib/auth/groups";
import { createSandboxServiceAccount, type SandboxServiceAccountKeyFile } from "@/sandbox/google/service-account";
import { startGoogleSandbox, type GoogleSandbox } from "@/sandbox/google/start-google-sandbox";

// lib/auth/groups/directory-groups.ts against the sandbox's fake Admin SDK Directory API, over HTTP: the service
// account's JWT-bearer grant, groups.list with real pagination, and Google's error shapes.

const ada = { sub: "100000000000000000001", email: "ada@example.com" };
const dana = { sub: "100000000000000000002", email: "dana@example.com" };
const nora = { sub: "100000000000000000003", email: "nora@example.com" };

let sandbox: GoogleSandbox;
let keyFile: SandboxServiceAccountKeyFile;

beforeAll(async () => {
  const account = createSandboxServiceAccount();
  sandbox = await startGoogleSandbox({ port: 0, clients: [], serviceAccounts: [account.registration], directoryPageSize: 1 });
  keyFile = { ...account.keyFile, token_uri: sandbox.tokenUrl };
});

afterAll(async () => {
  await sandbox?.close();
});

function directorySource(
  overrides: Partial<SandboxServiceAccountKeyFile> = {},
  extra: { subject?: string; timeoutMs?: number; directoryBaseUrl?: string } = {},
) {
  return createGroupSource({
    kind: "directory",
    credentialsJson: JSON.stringify({ ...keyFile, ...overrides }),
    directoryBaseUrl: extra.directoryBaseUrl ?? sandbox.directoryBaseUrl,
    ...(extra.subject ? { subject: extra.subject } : {}),
    ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<GroupSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GroupSourceError);
  return error as GroupSourceError;
}

describe("directory group source against the sandbox Directory API", () => {
  it("lists Ada's groups across pages of one group each", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    try {
      const source = await directorySource();
      expect(await source.listGroups(ada)).toEqual(["admins@example.com", "engineering@example.com"]);
      const groupCalls = fetchSpy.mock.calls.filter(([url]) => String(url).includes("/admin/directory/v1/groups"));
      expect(groupCalls).toHaveLength(2); // page size 1, two groups: the second call followed nextPageToken
      expect(String(groupCalls[1]?.[0])).toContain("pageToken=");
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it("returns no groups for a user in none (Google then omits `groups` entirely)", async () => {
    expect(await (await directorySource()).listGroups(nora)).toEqual([]);
  });

  it("asks for one access token and reuses it until it nears expiry", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    try {
      const source = await directorySource();
      await Promise.all([source.listGroups(ada), source.listGroups(dana)]);
      await source.listGroups(nora);
      expect(fetchSpy.mock.calls.filter(([url]) => String(url).endsWith("/token"))).toHaveLength(1);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it("agrees with the static source on every sample user, since both read config/demo/groups.yaml", async () => {
    const fromFile = await createGroupSource({ kind: "static", file: "config/demo/groups.yaml" });
    const fromDirectory = await directorySource();
    const users = [ada, dana, nora, { sub: "100000000000000000004", email: "olaf@other.example" }];
    for (const user of users) expect(await fromDirectory.listGroups(user)).toEqual(await fromFile.listGroups(user));
  });

  it("acts for an administrator with domain-wide delegation", async () => {
    const source = await directorySource({}, { subject: "ada@example.com" });
    expect(await source.listGroups(dana)).toEqual(["developers@example.com", "engineering@example.com"]);
  });

  it("refuses a service account whose key is not the registered one", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const source = await directorySource({ private_key: privateKey.export({ format: "pem", type: "pkcs8" }).toString() });
    const error = await failure(source.listGroups(ada));
    expect(error.code).toBe("token-request-failed");
    expect(error.message).toContain("invalid_grant: Invalid JWT Signature.");
  });

  it("refuses a service account it does not know", async () => {
    const error = await failure((await directorySource({ client_email: "stranger@elsewhere.iam.gserviceaccount.com" })).listGroups(ada));
    expect(error).toMatchObject({ code: "token-request-failed", status: 400 });
  });

  it("reports an unknown user as user-not-found", async () => {
    const error = await failure((await directorySource()).listGroups({ sub: "1", email: "nobody@example.com" }));
    expect(error).toMatchObject({ code: "user-not-found", status: 404 });
    expect(error.message).toContain("Resource Not Found: userKey");
  });

  it("times out against a directory that never answers", async () => {
    const silent: Server = createServer(() => {}); // accepts connections, never replies
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const source = await directorySource({ token_uri: `${base}/token` }, { timeoutMs: 300, directoryBaseUrl: base });
      expect((await failure(source.listGroups(ada))).code).toBe("timeout");
    } finally {
      silent.close();
    }
  });

  it("rejects bad credentials JSON at creation, naming the problem", async () => {
    const error = await failure(createGroupSource({ kind: "directory", credentialsJson: JSON.stringify({ client_email: "x" }) }));
    expect(error.code).toBe("config");
    expect(error.message).toMatch(/client_email.*private_key/s);
  });
});

describe("sandbox Directory API over raw HTTP", () => {
  async function accessToken(): Promise<string> {
    // The library's token flow, reused: list once so a token exists, then read it back through a spy.
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    try {
      await (await directorySource()).listGroups(nora);
      const call = fetchSpy.mock.calls.find(([url]) => String(url).includes("/admin/directory/v1/groups"));
      return new Headers(call?.[1]?.headers).get("authorization")?.slice(7) ?? "";
    } finally {
      fetchSpy.mockRestore();
    }
  }

  const groupsUrl = (query: string) => `${sandbox.directoryBaseUrl}/admin/directory/v1/groups?${query}`;

  it("answers 401 without a valid bearer token", async () => {
    const response = await fetch(groupsUrl("userKey=ada@example.com"), { headers: { authorization: "Bearer ya29.forged" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
  });

  it("pages with nextPageToken and answers 404 like Google for an unknown user", async () => {
    const token = await accessToken();
    const headers = { authorization: `Bearer ${token}` };
    const first = (await (await fetch(groupsUrl("userKey=ADA@example.com&maxResults=200"), { headers })).json()) as {
      kind: string;
      groups: { email: string; name: string; kind: string }[];
      nextPageToken?: string;
    };
    expect(first.kind).toBe("admin#directory#groups");
    expect(first.groups).toEqual([expect.objectContaining({ kind: "admin#directory#group", email: "admins@example.com", name: "Admins" })]);
    const second = (await (await fetch(groupsUrl(`userKey=ada@example.com&pageToken=${first.nextPageToken}`), { headers })).json()) as {
      groups: { email: string }[];
      nextPageToken?: string;
    };
    expect(second.groups.map((g) => g.email)).toEqual(["engineering@example.com"]);
    expect(second.nextPageToken).toBeUndefined();

    const unknown = await fetch(groupsUrl("userKey=nobody@example.com"), { headers });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, message: "Resource Not Found: userKey" } });
  });

  it("refuses a page token minted for another user's listing", async () => {
    const token = await accessToken();
    const headers = { authorization: `Bearer ${token}` };
    const first = (await (await fetch(groupsUrl("userKey=ada@example.com"), { headers })).json()) as { nextPageToken: string };
    const response = await fetch(groupsUrl(`userKey=dana@example.com&pageToken=${first.nextPageToken}`), { headers });
    expect(response.status).toBe(400);
  });
});
