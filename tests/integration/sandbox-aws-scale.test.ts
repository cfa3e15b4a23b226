import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ListChildrenCommand, OrganizationsClient, paginateListAccounts, paginateListChildren } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed, SANDBOX_BROKER, startAwsSandbox, type AwsSandbox, type Seed } from "@/sandbox/aws";
import { generateOrganization } from "@/sandbox/seed/generate";

// Benchmark-sized organizations: the generator's output stays within AWS's structural limits and the sandbox
// serves a 5,000-account organization through the ordinary paginated API.

const broker = { accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey };
let seed: Seed;
let sandbox: AwsSandbox;

beforeAll(async () => {
  seed = loadSeed(generateOrganization({ accounts: 5000, ous: 1000, depth: 5 }));
  sandbox = await startAwsSandbox({ seed, pageSize: 20, gateway: false });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("generated organizations", () => {
  it("has 5,000 accounts and 1,000 OUs nested exactly 5 levels deep", () => {
    expect(seed.accounts).toHaveLength(5000);
    expect(seed.organizationalUnits).toHaveLength(1000);
    const parent = new Map(seed.organizationalUnits.map((o) => [o.id, o.parentId]));
    const depth = (id: string): number => (id === seed.root.id ? 0 : 1 + depth(parent.get(id)!));
    expect(Math.max(...seed.organizationalUnits.map((o) => depth(o.id)))).toBe(5);
    expect(new Set(seed.accounts.map((a) => a.id)).size).toBe(5000);
    expect(seed.accounts.slice(0, 5).map((a) => a.id)).toEqual(["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]);
    expect(seed.instances.length).toBeGreaterThanOrEqual(2 * 4995);
  });

  it("is deterministic and refuses sizes beyond AWS's limits", () => {
    const a = generateOrganization({ accounts: 50, ous: 20, depth: 3, randomSeed: 7 });
    const b = generateOrganization({ accounts: 50, ous: 20, depth: 3, randomSeed: 7 });
    expect(a).toEqual(b);
    expect(() => generateOrganization({ accounts: 50, ous: 20, depth: 6 })).toThrow(/depth/);
    expect(() => generateOrganization({ accounts: 50, ous: 1001, depth: 5 })).toThrow(/ous/);
  });

  it("writes a seed file from the command line that the sandbox loads", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-seed-"));
    try {
      const out = path.join(dir, "org.yaml");
      const tsx = path.resolve("node_modules/.bin/tsx");
      await promisify(execFile)(tsx, ["sandbox/seed/generate.ts", "--accounts", "40", "--ous", "12", "--depth", "4", "--out", out]);
      const loaded = loadSeed(out);
      expect(loaded.accounts).toHaveLength(40);
      expect(loaded.organizationalUnits).toHaveLength(12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("explains what is wrong with an invalid seed, with the path at fault", () => {
    const broken = { ...seed, accounts: [...seed.accounts.slice(0, 5), { ...seed.accounts[5]!, parentId: "ou-gh00-nowhere1", email: "not-an-email" }] };
    expect(() => loadSeed(broken)).toThrow(/accounts\[5\]\.email/);
    const badParent = { ...seed, accounts: [...seed.accounts.slice(0, 5), { ...seed.accounts[5]!, parentId: "ou-gh00-nowhere1" }] };
    expect(() => loadSeed(badParent)).toThrow(/accounts\[5\]\.parentId: unknown parent "ou-gh00-nowhere1"/);
  });
});

describe("serving a 5,000-account organization", () => {
  it("lists every account and every root child through the paginated API", async () => {
    const client = new OrganizationsClient({ endpoint: sandbox.url, region: "us-east-1", credentials: broker, maxAttempts: 1 });
    const started = performance.now();
    let accounts = 0;
    for await (const page of paginateListAccounts({ client }, { MaxResults: 20 })) accounts += page.Accounts!.length;
    expect(accounts).toBe(5000);
    const listMs = performance.now() - started;
    const rootOus: string[] = [];
    for await (const page of paginateListChildren({ client }, { ParentId: "r-gh00", ChildType: "ORGANIZATIONAL_UNIT" }))
      rootOus.push(...page.Children!.map((c) => c.Id!));
    expect(rootOus.length).toBe(seed.organizationalUnits.filter((o) => o.parentId === "r-gh00").length);
    const deepest = seed.organizationalUnits.find((o) => o.tags.Level === "5")!;
    const children = await client.send(new ListChildrenCommand({ ParentId: deepest.parentId, ChildType: "ORGANIZATIONAL_UNIT" }));
    expect(children.Children!.map((c) => c.Id)).toContain(deepest.id);
    console.info(`[sandbox-aws] ListAccounts over 5,000 accounts (250 pages): ${listMs.toFixed(0)} ms`);
  });
});
