import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { waitFor } from "@/sandbox/aws/gateway/test-harness";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../support/databases";
import { startLocalForward, type LocalForward } from "../support/port-forward";
import { call, jsonRequest, type Answer } from "../support/routes";
import { ADA, consoleEnvironment, countCalls, DANA, META, NORA, storeOrganization } from "./console-fixtures";

// Port forwarding and SSH sessions end to end through POST /api/forward's real handler, on PostgreSQL and PGlite:
// validated (documents, ports, RFC 1123 hosts and IP literals, never the metadata service or VPC DNS), decided by the
// profiles' port-forwarding rules from the instance's tags as AWS reports them, audited with the document, host and
// port before StartSession, started as the person's own role (so IAM decides again, on the document's ARN too), and
// the answer opens a real forward through the sandbox's gateway to the real PostgreSQL at 127.0.0.1:5432.

let aws: AwsSandbox;
let rootDir: string;
let profileFile: string;
const PG_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// The demo profiles plus one for a person (Sam) whose profile allows SSH where the seed's Developer role does not.
const SAM = { sub: "100000000000000000042", email: "sam@example.com", groups: ["developers@example.com"] };
const SSH_TRIAL = `
  - id: ssh-trial
    name: SSH trial
    custodianRole: arn:aws:iam::111111111111:role/CustodianDeveloper
    grantedTo: { users: [sam@example.com] }
    portForwarding:
      - { accounts: ["444444444444"], regions: all, tags: { Name: [Develop] }, role: Developer, sshPorts: [22] }
`;

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-forward-test-"));
  profileFile = path.join(rootDir, "access-profiles.yaml");
  writeFileSync(profileFile, readFileSync("config/demo/access-profiles.yaml", "utf8").trimEnd() + "\n" + SSH_TRIAL);
  aws = await startAwsSandbox({ port: 0, gateway: { rootDir } });
});
afterAll(async () => {
  await aws?.close();
  rmSync(rootDir, { recursive: true, force: true });
});

const DEV = { accountId: "444444444444", region: "us-east-1", instanceId: "i-0b000000000000001" };
const PROD = { accountId: "333333333333", region: "us-east-1", instanceId: "i-0a000000000000001" };
const TO_POSTGRES = { ...DEV, document: "AWS-StartPortForwardingSession", parameters: { portNumber: 5432 }, reason: "run a migration" };
const REMOTE = (host: string, portNumber: number | string = 5432) => ({
  ...DEV,
  document: "AWS-StartPortForwardingSessionToRemoteHost",
  parameters: { host, portNumber },
  reason: "look at the data",
});

type Person = { sub: string; email: string; groups: string[] };
type Stream = { sessionId: string; streamUrl: string; tokenValue: string; document: string; parameters: Record<string, unknown> };
type Refused = { error: string; message: string; retryable: boolean };
const asActor = (person: Person) => testActor({ ...person, ...META });

async function refusal(pending: Promise<Answer<unknown>>): Promise<Refused & { status: number }> {
  const answer = await pending;
  expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
  return { ...(answer.body as Refused), status: answer.status };
}

describe.each(DATABASE_KINDS)("port forwarding on %s", (kind) => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let db: ReturnType<typeof connectTestDatabase>;
  let routes: { forward: typeof import("@/app/api/forward/route"); resume: typeof import("@/app/api/shell/[sessionId]/resume/route") };
  const forwards: LocalForward[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { AWS_MAX_ATTEMPTS: "1", ACCESS_PROFILES_FILE: profileFile }));
    db = connectTestDatabase(database.url);
    vi.resetModules();
    routes = { forward: await import("@/app/api/forward/route"), resume: await import("@/app/api/shell/[sessionId]/resume/route") };
    await storeOrganization(db, aws.state.seed);
  });
  afterAll(async () => {
    for (const local of forwards.splice(0)) await local.close();
    await db?.$disconnect();
    restoreEnv?.();
    await database?.drop();
  });
  beforeEach(async () => {
    aws.faults.clear();
    await db.auditEvent.deleteMany({});
  });

  const audits = () => db.auditEvent.findMany({ orderBy: { at: "asc" } });
  const open = (person: Person, body: unknown) => call(routes.forward.POST, asActor(person), jsonRequest("/api/forward", body));
  async function opens(person: Person, body: unknown): Promise<Stream> {
    const answer = await open(person, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as Stream;
  }

  it("forwards Dana's local port to PostgreSQL on a Develop instance, audited with the document, host and port", async () => {
    const stream = await opens(DANA, TO_POSTGRES);
    expect(Object.keys(stream).sort()).toEqual(["document", "parameters", "sessionId", "streamUrl", "tokenValue"]);
    expect(stream).toMatchObject({ document: "AWS-StartPortForwardingSession", parameters: { portNumber: 5432 } });
    expect(aws.registry.get(stream.sessionId)).toMatchObject({
      documentName: "AWS-StartPortForwardingSession",
      properties: { portNumber: "5432", type: "LocalPortForwarding" },
      ownerArn: "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com",
      reason: "run a migration",
    });
    const events = await audits();
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["forward.open", "allowed"],
      ["forward.open", "issued"],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        profileId: "developer",
        roleName: "Developer",
        instanceId: DEV.instanceId,
        destination: "AWS-StartPortForwardingSession localhost:5432",
        reason: "run a migration",
      });
    }
    expect(events[0]!.detail).toBe(
      "Profile developer lets you forward from instance i-0b000000000000001 in account 444444444444 (API Dev), us-east-1, to port 5432 on the instance, as role Developer.",
    );
    expect(events[1]!.sessionId).toBe(stream.sessionId);
    expect(JSON.stringify(events)).not.toContain(stream.tokenValue);
    expect(await db.shellSession.findUnique({ where: { sessionId: stream.sessionId } })).toMatchObject({
      document: "AWS-StartPortForwardingSession",
      remoteHost: null,
      remotePort: 5432,
      roleName: "Developer",
    });

    const local = await startLocalForward(stream);
    forwards.push(local);
    const url = new URL(PG_URL);
    url.host = `127.0.0.1:${local.port}`;
    const clients = [1, 2, 3].map(() => new pg.Client({ connectionString: url.toString() }));
    try {
      await Promise.all(clients.map((client) => client.connect()));
      const answers = await Promise.all(clients.map((client, i) => client.query<{ n: number }>("SELECT $1::int AS n, pg_sleep(0.1)", [i])));
      expect(answers.map((a) => a.rows[0]!.n)).toEqual([0, 1, 2]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it("forwards to a remote host the rule names (127.0.0.1:5432), recorded as such and listed on the sessions page", async () => {
    const stream = await opens(DANA, REMOTE("127.0.0.1"));
    expect(aws.registry.get(stream.sessionId)!.properties).toEqual({ host: "127.0.0.1", portNumber: "5432", type: "LocalPortForwarding" });
    expect((await audits()).map((e) => e.destination)).toEqual([
      "AWS-StartPortForwardingSessionToRemoteHost 127.0.0.1:5432",
      "AWS-StartPortForwardingSessionToRemoteHost 127.0.0.1:5432",
    ]);
    const { listShellSessions } = await import("@/lib/instances/list-sessions");
    const listed = (await listShellSessions({ actor: asActor(DANA) })).sessions.find((row) => row.sessionId === stream.sessionId);
    expect(listed).toMatchObject({ forward: "127.0.0.1:5432", instanceId: DEV.instanceId, canTerminate: true });
  });

  it.each([
    [
      "a remote host outside the rule",
      REMOTE("db.internal"),
      403,
      "not-granted",
      /only to port 5432 on the instance and remote hosts localhost:5432, 127\.0\.0\.1:5432; not to db\.internal:5432/,
      "AWS-StartPortForwardingSessionToRemoteHost db.internal:5432",
    ],
    [
      "a port outside the rule",
      { ...TO_POSTGRES, parameters: { portNumber: 6379 } },
      403,
      "not-granted",
      /not to port 6379 on the instance/,
      "AWS-StartPortForwardingSession localhost:6379",
    ],
    [
      "SSH, which the developer profile does not give",
      { ...DEV, document: "AWS-StartSSHSession", parameters: { portNumber: 22 }, reason: "x" },
      403,
      "not-granted",
      /not to SSH on port 22/,
      "AWS-StartSSHSession localhost:22",
    ],
    [
      "a Production instance",
      { ...TO_POSTGRES, ...PROD },
      403,
      "not-granted",
      /do not forward ports from any instance in account 333333333333/,
      "AWS-StartPortForwardingSession localhost:5432",
    ],
    [
      "no reason where the profile wants one",
      { ...TO_POSTGRES, reason: undefined },
      403,
      "reason-required",
      /requires a reason to forward ports/,
      "AWS-StartPortForwardingSession localhost:5432",
    ],
    [
      "the instance metadata service",
      REMOTE("169.254.169.254", 80),
      400,
      "invalid-input",
      /169\.254\.169\.254 \(the instance metadata service\) is refused, as the SSM agent refuses it/,
      "AWS-StartPortForwardingSessionToRemoteHost 169.254.169.254:80",
    ],
    [
      "the VPC DNS resolver's address",
      REMOTE("169.254.169.253", 53),
      400,
      "invalid-input",
      /the VPC's DNS resolver/,
      "AWS-StartPortForwardingSessionToRemoteHost 169.254.169.253:53",
    ],
    [
      "a metadata host name",
      REMOTE("instance-data.ec2.internal", 80),
      400,
      "invalid-input",
      /instance metadata service/,
      "AWS-StartPortForwardingSessionToRemoteHost instance-data.ec2.internal:80",
    ],
    [
      "a malformed host",
      REMOTE("db.internal; curl evil"),
      400,
      "invalid-input",
      /not a host name/,
      "AWS-StartPortForwardingSessionToRemoteHost db.internal; curl evil:5432",
    ],
    [
      "a malformed port",
      { ...TO_POSTGRES, parameters: { portNumber: "5432; rm" } },
      400,
      "invalid-input",
      /between 1 and 65535/,
      "AWS-StartPortForwardingSession localhost:5432; rm",
    ],
    ["port 0", { ...TO_POSTGRES, parameters: { portNumber: 0 } }, 400, "invalid-input", /between 1 and 65535/, "AWS-StartPortForwardingSession localhost:0"],
    [
      "a document Gatehouse does not forward with",
      { ...TO_POSTGRES, document: "AWS-StartInteractiveCommand" },
      400,
      "invalid-input",
      /expected one of AWS-StartPortForwardingSession, AWS-StartPortForwardingSessionToRemoteHost, AWS-StartSSHSession/,
      "AWS-StartInteractiveCommand localhost:5432",
    ],
    [
      "a host where the document takes none",
      { ...TO_POSTGRES, parameters: { portNumber: 5432, host: "localhost" } },
      400,
      "invalid-input",
      /takes no host/,
      "AWS-StartPortForwardingSession localhost:5432",
    ],
    [
      "an unknown parameter",
      { ...TO_POSTGRES, parameters: { portNumber: 5432, command: "id" } },
      400,
      "invalid-input",
      /command/,
      "AWS-StartPortForwardingSession localhost:5432",
    ],
  ])("refuses %s with a clear message and one audit record naming the destination", async (_what, body, status, code, message, destination) => {
    const before = countCalls(aws, "ssm", "StartSession");
    const error = await refusal(open(DANA, body));
    expect(error).toMatchObject({ status, error: code });
    expect(error.message).toMatch(message);
    const events = await audits();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "forward.open", outcome: "denied", actorEmail: "dana@example.com", destination, sourceIp: META.sourceIp });
    expect(events[0]!.detail).toContain(`${code}: `);
    expect(countCalls(aws, "ssm", "StartSession")).toBe(before);
  });

  it("refuses people without a profile", async () => {
    const error = await refusal(open(NORA, TO_POSTGRES));
    expect(error).toMatchObject({ status: 403, error: "no-profile" });
    expect((await audits()).map((e) => [e.action, e.outcome])).toEqual([["forward.open", "denied"]]);
  });

  it("lets IAM decide again: a profile may allow SSH where the role's policy does not allow the document", async () => {
    const error = await refusal(open(SAM, { ...DEV, document: "AWS-StartSSHSession", parameters: { portNumber: 22 } }));
    expect(error).toMatchObject({ status: 403, error: "aws-denied" });
    expect(error.message).toMatch(/AWS-StartSSHSession/);
    const events = await audits();
    expect(events.map((e) => e.outcome)).toEqual(["allowed", "error"]);
    expect(events[1]).toMatchObject({ profileId: "ssh-trial", roleName: "Developer", destination: "AWS-StartSSHSession localhost:22" });
  });

  it("starts SSH for Ada as Admin (the seed's Admin role allows every document)", async () => {
    const stream = await opens(ADA, { ...DEV, document: "AWS-StartSSHSession", parameters: { portNumber: 22 } });
    expect(aws.registry.get(stream.sessionId)).toMatchObject({
      documentName: "AWS-StartSSHSession",
      properties: { portNumber: "22" },
      ownerArn: expect.stringContaining("assumed-role/Admin/"),
    });
  });

  it("resumes a forwarding session by the forwarding rules, and refuses it once the rule no longer reaches", async () => {
    const stream = await opens(DANA, TO_POSTGRES);
    const resume = (person: Person) =>
      call(routes.resume.POST, asActor(person), jsonRequest(`/api/shell/${encodeURIComponent(stream.sessionId)}/resume`, {}), { sessionId: stream.sessionId });
    const answer = await resume(DANA);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const resumed = (await audits()).filter((e) => e.action === "shell.resume");
    expect(resumed.map((e) => e.outcome)).toEqual(["allowed", "issued"]);
    expect(resumed[0]!.detail).toMatch(/lets you forward from instance i-0b000000000000001 .* to port 5432 on the instance/);
    // The row now points at a port the rule does not give: the re-check refuses it.
    await db.shellSession.update({ where: { sessionId: stream.sessionId }, data: { remotePort: 6379 } });
    expect(await refusal(resume(DANA))).toMatchObject({ status: 403, error: "not-granted" });
  });

  it("the agent's refusal of a connection does not end the forward (ConnectToPortError, then the next one works)", async () => {
    const stream = await opens(ADA, { ...DEV, document: "AWS-StartPortForwardingSessionToRemoteHost", parameters: { host: "127.0.0.1", portNumber: 1 } });
    const local = await startLocalForward(stream);
    forwards.push(local);
    const net = await import("node:net");
    for (let i = 0; i < 2; i++) {
      const socket = net.connect({ host: "127.0.0.1", port: local.port });
      socket.on("error", () => undefined);
      await new Promise((resolve) => socket.on("close", resolve));
    }
    await waitFor("two ConnectToPortErrors", () => local.connectErrors.length === 2);
    expect(local.closed).toEqual([]);
  });
});
