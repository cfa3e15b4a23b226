// Shared set-up for the console and role-chain integration tests: the environment that points Gatehouse at a
// sandbox AWS, the organization stored as the org sync would store it, and the sandbox's request counters.
import { randomUUID } from "node:crypto";
import { sandboxEnvironment } from "@/sandbox";
import type { AwsSandbox, Seed } from "@/sandbox/aws";
import type { createDb } from "@/lib/db/client";

type Db = ReturnType<typeof createDb>;

export const DANA = { sub: "100000000000000000002", email: "dana@example.com", groups: ["developers@example.com", "engineering@example.com"] };
export const ADA = { sub: "100000000000000000001", email: "ada@example.com", groups: ["admins@example.com", "engineering@example.com"] };
export const NORA = { sub: "100000000000000000003", email: "nora@example.com", groups: [] as string[] };
export const META = { sourceIp: "203.0.113.7", userAgent: "vitest" };

/** Gatehouse's settings for a sandbox AWS started by the test (Google is not contacted by these tests). */
export function consoleEnvironment(aws: Pick<AwsSandbox, "url">, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...sandboxEnvironment({ awsUrl: aws.url, googleIssuer: "http://localhost:4000" }),
    DATABASE_URL: databaseUrl,
    AWS_MAX_ATTEMPTS: "2",
    // The tests open far more consoles per person than the default per-minute limit; tests of the limit set their own.
    RATE_LIMIT_CREDENTIALS: "10000",
    ...extra,
  };
}

/** Stores the sandbox's organization the way the org sync does (OrgSync + OrgNode rows), so getAccountInfo finds it. */
export async function storeOrganization(db: Db, seed: Seed): Promise<void> {
  const sync = await db.orgSync.create({ data: { id: randomUUID(), trigger: "test", status: "succeeded", finishedAt: new Date() } });
  const parents = new Map<string, string>(seed.organizationalUnits.map((ou) => [ou.id, ou.parentId]));
  const pathOf = (parentId: string): string[] => {
    const path: string[] = [];
    for (let id: string | undefined = parentId; id; id = parents.get(id)) path.unshift(id);
    return path;
  };
  const base = { syncId: sync.id, policyIds: [] as string[] };
  await db.orgNode.deleteMany({});
  await db.orgNode.createMany({
    data: [
      { ...base, id: seed.root.id, kind: "root", parentId: null, name: seed.root.name, path: [], depth: 0 },
      ...seed.organizationalUnits.map((ou) => ({
        ...base,
        id: ou.id,
        kind: "ou",
        parentId: ou.parentId,
        name: ou.name,
        path: pathOf(ou.parentId),
        depth: pathOf(ou.parentId).length,
      })),
      ...seed.accounts.map((account) => ({
        ...base,
        id: account.id,
        kind: "account",
        parentId: account.parentId,
        name: account.name,
        email: account.email,
        status: account.status,
        path: pathOf(account.parentId),
        depth: pathOf(account.parentId).length,
      })),
    ],
  });
}

/** How many times the sandbox answered one operation (requests, errors included). */
export function countCalls(aws: AwsSandbox, service: string, operation: string): number {
  return aws.stats.snapshot().services[service]?.operations[operation]?.requests ?? 0;
}

/** Text of the element with the given data-testid in a sandbox HTML page. */
export function pageField(html: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}">([^<]*)<`).exec(html)?.[1];
}

/** Follows a login URL the way a browser does and returns the sandbox console page. */
export async function followLogin(url: string): Promise<{ status: number; html: string }> {
  const redirect = await fetch(url, { redirect: "manual" });
  if (redirect.status !== 302) return { status: redirect.status, html: await redirect.text() };
  const page = await fetch(redirect.headers.get("location")!);
  return { status: page.status, html: await page.text() };
}
