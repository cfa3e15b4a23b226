import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "@/sandbox";
import { BrowserClient } from "../support/browser-client";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { freePort, startGatehouseProcess, type GatehouseProcess } from "../support/gatehouse-process";

// Two Gatehouse processes, started as production starts them, behind one PostgreSQL database: what the README
// promises for running several instances. Google's redirect after sign-in is addressed to the public URL; the test
// delivers each request to the instance a load balancer might pick, so nothing can rely on process memory.

const CONSOLE = { accountId: "444444444444", roleName: "ReadOnly" };
const LIMIT = 4;

let sandbox: RunningSandbox;
let database: TestDatabase;
let sql: pg.Client;
let a: GatehouseProcess;
let b: GatehouseProcess;
let publicUrl: string;

beforeAll(async () => {
  const portA = await freePort();
  publicUrl = `http://127.0.0.1:${portA}`;
  sandbox = await startSandbox({ appUrl: publicUrl, googlePort: 0, awsPort: 0 });
  database = await createTestDatabase("postgresql");
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const env = {
    ...sandbox.env,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: publicUrl,
    NEXTAUTH_SECRET: "two-instances-test-secret-0123456789abcdef",
    RATE_LIMIT_CREDENTIALS: String(LIMIT),
    RATE_LIMIT_WINDOW_SECONDS: "3600",
  };
  // Both at once, as a deployment rolls out: migrations, the start-up sync and the schedules race.
  [a, b] = await Promise.all([startGatehouseProcess(env, { port: portA }), startGatehouseProcess(env)]);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sql?.end();
  await database?.drop();
  await sandbox?.close();
});

const status = async (res: Promise<Response>) => (await res).status;

async function waitForNoRunningSync() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "OrgSync" WHERE status = 'running'`);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("a sync was still running after 60 s");
}

/** The start-up sync begins after the server listens: wait for its record, then for it to finish. */
async function waitForStartupSync() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "OrgSync" WHERE trigger = 'startup'`);
    if (rows[0].n > 0) return waitForNoRunningSync();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("no start-up sync was recorded within 60 s");
}

describe("two Gatehouse instances behind one PostgreSQL", () => {
  it("ran one start-up sync between them, and syncs never overlap", async () => {
    await waitForStartupSync();
    // A few seconds more, so that a second start-up sync, had the other instance also started one, would show.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await waitForNoRunningSync();
    const { rows: startup } = await sql.query(`SELECT status FROM "OrgSync" WHERE trigger = 'startup'`);
    expect(startup).toEqual([{ status: "succeeded" }]);

    const ada = new BrowserClient(publicUrl);
    await ada.signIn("ada@example.com", { startOn: a.url, finishOn: b.url });
    // An administrator presses "Sync now" on both instances at the same moment: one starts, the other is told.
    const answers = await Promise.all([
      status(ada.request(`${a.url}/api/org/sync`, { method: "POST" })),
      status(ada.request(`${b.url}/api/org/sync`, { method: "POST" })),
    ]);
    expect(answers.sort()).toEqual([202, 409]);
    await waitForNoRunningSync();
    const { rows } = await sql.query(`SELECT "startedAt", "finishedAt" FROM "OrgSync" ORDER BY "startedAt"`);
    expect(rows).toHaveLength(2);
    for (let i = 1; i < rows.length; i++) expect(rows[i].startedAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1].finishedAt.getTime());
  });

  it("accepts a sign-in made on one instance on the other, and holds one rate limit and one audit log for both", async () => {
    // Fixed windows (aligned to the hour): start well inside one, so the count cannot reset mid-test.
    const toBoundary = 3_600_000 - (Date.now() % 3_600_000);
    if (toBoundary < 20_000) await new Promise((resolve) => setTimeout(resolve, toBoundary + 100));

    const dana = new BrowserClient(publicUrl);
    await dana.signIn("dana@example.com", { startOn: b.url, finishOn: a.url });
    expect(await status(dana.request(`${a.url}/api/sessions`))).toBe(200);
    expect(await status(dana.request(`${b.url}/api/sessions`))).toBe(200);

    const opened: number[] = [];
    for (let i = 0; i < LIMIT; i++) opened.push(await status(dana.json(`${[a, b][i % 2]!.url}/api/console`, CONSOLE)));
    expect(opened).toEqual(Array(LIMIT).fill(200));
    // The budget is the person's, not the instance's: one more on either is refused.
    const limited = await dana.json(`${b.url}/api/console`, CONSOLE);
    expect(limited.status).toBe(429);
    expect(await status(dana.json(`${a.url}/api/console`, CONSOLE))).toBe(429);

    const { rows } = await sql.query(
      `SELECT outcome, count(*)::int AS n FROM "AuditEvent" WHERE "actorEmail" = 'dana@example.com' AND action = 'console.open' GROUP BY outcome ORDER BY outcome`,
    );
    // Every console handed out by either instance has its allowed and issued records; each refusal its denied one.
    expect(rows).toEqual([
      { outcome: "allowed", n: LIMIT },
      { outcome: "denied", n: 2 },
      { outcome: "issued", n: LIMIT },
    ]);
    const { rows: signIns } = await sql.query(
      `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "actorEmail" = 'dana@example.com' AND action = 'auth.sign-in' AND outcome = 'allowed'`,
    );
    expect(signIns[0].n).toBe(1);
  });

  it("ends a session on both instances when it is signed out on one", async () => {
    const person = new BrowserClient(publicUrl);
    await person.signIn("dana@example.com", { startOn: a.url, finishOn: b.url });
    // Both instances have seen (and cached) the session as live.
    expect(await status(person.request(`${a.url}/api/sessions`))).toBe(200);
    expect(await status(person.request(`${b.url}/api/sessions`))).toBe(200);
    const cookie = person.cookie("next-auth.session-token")!;
    expect(cookie).toBeTruthy();

    await person.signOut(b.url);
    // A copy of the cookie (the browser dropped its own) no longer works on the other instance either, once its
    // 5-second session check cache has run out.
    const copy = { headers: { cookie: `next-auth.session-token=${cookie}` } };
    const started = Date.now();
    let answer = 200;
    while (Date.now() - started < 10_000) {
      answer = (await fetch(`${a.url}/api/sessions`, copy)).status;
      if (answer === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answer).toBe(401);
    expect(Date.now() - started).toBeLessThan(7_000);
    expect((await fetch(`${b.url}/api/sessions`, copy)).status).toBe(401);
  });
});
