import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { openShell as connectShell, plain } from "@/sandbox/aws/gateway/test-harness";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { consoleEnvironment, DANA, META, storeOrganization } from "./console-fixtures";

// A shell opened through Gatehouse keeps working while the sandbox gateway drops, duplicates and reorders its
// frames (set through the sandbox admin API, as a test or the demo would): lib/ssm's acknowledgements,
// retransmission and reordering buffer deliver every byte once, in order.

let aws: AwsSandbox;
let rootDir: string;

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-shell-faults-"));
  aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
});
afterAll(async () => {
  await aws?.close();
  rmSync(rootDir, { recursive: true, force: true });
});

async function setGatewayFaults(
  faults: Record<string, number> | null,
): Promise<{ stats: { sent: number; dropped: number; duplicated: number; reordered: number } }> {
  const response = await fetch(`${aws.url}/_sandbox/gateway-faults`, {
    method: faults ? "POST" : "DELETE",
    headers: { "content-type": "application/json" },
    ...(faults ? { body: JSON.stringify(faults) } : {}),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe.each(DATABASE_KINDS)("a shell under frame loss, duplication and reordering (%s)", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let openShell: typeof import("@/lib/instances/open-shell").openShell;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url));
    db = connectTestDatabase(database.url);
    vi.resetModules();
    ({ openShell } = await import("@/lib/instances/open-shell"));
    await storeOrganization(db, aws.state.seed);
  });
  afterAll(async () => {
    await setGatewayFaults(null);
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });

  it("runs commands and delivers a long output intact and in order", async () => {
    const stream = await openShell({
      actor: testActor({ ...DANA, ...META }),
      input: { accountId: "444444444444", region: "us-east-1", instanceId: "i-0b000000000000001", reason: "fault test" },
    });
    const before = (await setGatewayFaults({ drop: 0.15, duplicate: 0.15, reorder: 0.25, seed: kind === "pglite" ? 11 : 7 })).stats;
    const shell = connectShell({ SessionId: stream.sessionId, StreamUrl: stream.streamUrl, TokenValue: stream.tokenValue });
    try {
      await shell.waitForOutput("$ ", 30_000);
      expect(await shell.run("echo hello", /\nhello\n/, 30_000)).toContain("hello");

      // ~9 KB of numbered lines: many output frames, each one subject to the faults.
      const out = await shell.run("seq 1 2000; echo END-OF-SEQ", /\nEND-OF-SEQ\n/, 60_000);
      const lines = plain(out).split("\n");
      const numbers = lines.slice(lines.indexOf("1"), lines.indexOf("END-OF-SEQ"));
      expect(numbers).toEqual(Array.from({ length: 2000 }, (_, i) => String(i + 1)));

      // Input in many small frames (their acknowledgements are faulted too): the shell sees it exactly once.
      const text = "abcdefghij".repeat(30);
      const digest = createHash("md5").update(`${text}\n`).digest("hex");
      for (let i = 0; i < text.length; i += 50) shell.session.sendInput(i === 0 ? `printf '%s\\n' ${text.slice(0, 50)}` : text.slice(i, i + 50));
      shell.session.sendInput(" | md5sum\r");
      await shell.waitForOutput(digest, 60_000);
    } finally {
      shell.session.close();
    }
    const after = (await setGatewayFaults(null)).stats;
    expect(after.dropped).toBeGreaterThan(before.dropped);
    expect(after.duplicated).toBeGreaterThan(before.duplicated);
    expect(after.reordered).toBeGreaterThan(before.reordered);
  });

  it("refuses malformed fault settings", async () => {
    const response = await fetch(`${aws.url}/_sandbox/gateway-faults`, { method: "POST", body: JSON.stringify({ drop: 2 }) });
    expect(response.status).toBe(400);
  });
});
