import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import type { RouteHandler } from "@/lib/http/route";
import { applyAppEnvironment, connectTestDatabase } from "../support/app-env";
import { testActor } from "../support/actor";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { ORIGIN } from "../support/routes";
import { consoleEnvironment, DANA, storeOrganization } from "./console-fixtures";

// Property tests, route family by route family, through each route's real handler on PostgreSQL with the sandbox
// AWS: arbitrary and hostile JSON bodies and query values never get a 5xx, and on the routes that hand out a
// credential or a session, every refused attempt leaves exactly one audit record (outcome "denied"), whatever it
// held: NUL and control characters, 10,000-deep nesting, huge strings and arrays, wrong types, prototype keys,
// malformed percent-encoding, wrong content types.

const PROTO_KEYS = ["__proto__", "constructor", "toString", "prototype", "hasOwnProperty", "valueOf"];
const FIELDS = [
  "accountId",
  "roleName",
  "region",
  "instanceId",
  "reason",
  "destination",
  "document",
  "parameters",
  "sessionId",
  "parent",
  "offset",
  "q",
  "id",
  "scope",
  "refresh",
  "sub",
];

const nasty = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\u001b[31m",
    "\ud800",
    "%E0%A4%A",
    "%",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "444444444444\u0000",
    "i-0b000000000000001\n",
    ...PROTO_KEYS,
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => "x".repeat(n)),
);
// Values as JSON text, so that nesting far deeper than JSON.stringify could write (10,000 levels) can be sent.
const value: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nasty.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null") },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 10_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)) },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 5 }), { minLength: 500, maxLength: 3000 }).map((v) => JSON.stringify(v)) },
);
const key = fc.oneof(fc.constantFrom(...FIELDS, ...PROTO_KEYS), fc.string({ maxLength: 12 }));
const object = (entries: Array<[string, string]>) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;
const body: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.tuple(key, value), { maxLength: 6 }).map(object),
  fc
    .array(fc.tuple(fc.constantFrom("accountId", "roleName", "region", "instanceId", "reason", "destination"), value), { minLength: 1, maxLength: 6 })
    .map(object),
  value,
  fc.constantFrom(
    '{"__proto__": {"admin": true}, "accountId": "444444444444", "roleName": "Admin"}',
    '{"constructor": {"prototype": {"x": 1}}}',
    "{",
    "[",
    '"\\u0000"',
    "",
    "null",
    "NaN",
    '{"a":1,"a":2}',
  ),
  fc.string({ maxLength: 200 }),
);
/** Percent-encodes, writing a lone surrogate as the (invalid) UTF-8 bytes a hostile client would send. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
};
const queryPart = fc.oneof(
  fc.constantFrom("%E0%A4%A", "%", "%00", "%FF%FE", "a%2", ...PROTO_KEYS),
  fc.string({ maxLength: 30 }).map(encode),
  nasty.map((v) => encode(v).slice(0, 13_000)),
);
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS, ...PROTO_KEYS), queryPart), queryPart), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
// Mostly well-formed envelopes, so that the hostile values reach the parsers and the services behind them.
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", ""),
  },
);
const origin = fc.oneof({ weight: 6, arbitrary: fc.constant(ORIGIN) }, { weight: 1, arbitrary: fc.constantFrom("null", "https://evil.example") });
const segment = fc.oneof(
  fc.constantFrom("%E0%A4%A", "%00", "__proto__", "constructor", "dana%40example.com-0123", "..%2F..%2F"),
  fc.string({ maxLength: 30 }).map(encode),
);

interface Family {
  name: string;
  load: () => Promise<RouteHandler>;
  method: "GET" | "POST" | "DELETE";
  path: string;
  /** Route params, generated from a raw path segment. */
  param?: string;
  /** The audit action of a credential route. */
  issues?: string;
  /** Called with a command-line token's Actor (the /api/v1/ routes) instead of a browser session's. */
  cli?: boolean;
}

const FAMILIES: Family[] = [
  { name: "POST /api/console", load: async () => (await import("@/app/api/console/route")).POST, method: "POST", path: "/api/console", issues: "console.open" },
  {
    name: "GET /api/console/open",
    load: async () => (await import("@/app/api/console/open/route")).GET,
    method: "GET",
    path: "/api/console/open",
    issues: "console.open",
  },
  { name: "POST /api/shell", load: async () => (await import("@/app/api/shell/route")).POST, method: "POST", path: "/api/shell", issues: "shell.open" },
  { name: "POST /api/forward", load: async () => (await import("@/app/api/forward/route")).POST, method: "POST", path: "/api/forward", issues: "forward.open" },
  {
    name: "POST /api/shell/[sessionId]/resume",
    load: async () => (await import("@/app/api/shell/[sessionId]/resume/route")).POST,
    method: "POST",
    path: "/api/shell/x/resume",
    param: "sessionId",
    issues: "shell.resume",
  },
  { name: "GET /api/console/options", load: async () => (await import("@/app/api/console/options/route")).GET, method: "GET", path: "/api/console/options" },
  { name: "POST /api/favourites", load: async () => (await import("@/app/api/favourites/route")).POST, method: "POST", path: "/api/favourites" },
  { name: "DELETE /api/favourites", load: async () => (await import("@/app/api/favourites/route")).DELETE, method: "DELETE", path: "/api/favourites" },
  { name: "GET /api/org/nodes", load: async () => (await import("@/app/api/org/nodes/route")).GET, method: "GET", path: "/api/org/nodes" },
  { name: "GET /api/org/search", load: async () => (await import("@/app/api/org/search/route")).GET, method: "GET", path: "/api/org/search" },
  {
    name: "GET /api/org/policies/[id]",
    load: async () => (await import("@/app/api/org/policies/[id]/route")).GET,
    method: "GET",
    path: "/api/org/policies/x",
    param: "id",
  },
  { name: "POST /api/org/sync", load: async () => (await import("@/app/api/org/sync/route")).POST, method: "POST", path: "/api/org/sync" },
  { name: "GET /api/instances", load: async () => (await import("@/app/api/instances/route")).GET, method: "GET", path: "/api/instances" },
  { name: "GET /api/sessions", load: async () => (await import("@/app/api/sessions/route")).GET, method: "GET", path: "/api/sessions" },
  {
    name: "DELETE /api/sessions/[sessionId]",
    load: async () => (await import("@/app/api/sessions/[sessionId]/route")).DELETE,
    method: "DELETE",
    path: "/api/sessions/x",
    param: "sessionId",
  },
  {
    name: "DELETE /api/people/[sub]/sessions",
    load: async () => (await import("@/app/api/people/[sub]/sessions/route")).DELETE,
    method: "DELETE",
    path: "/api/people/x/sessions",
    param: "sub",
  },
  { name: "GET /api/health", load: async () => (await import("@/app/api/health/route")).GET, method: "GET", path: "/api/health" },
  {
    name: "POST /api/credentials",
    load: async () => (await import("@/app/api/credentials/route")).POST,
    method: "POST",
    path: "/api/credentials",
    issues: "credentials.issue",
  },
  {
    name: "POST /api/cli/login/approve",
    load: async () => (await import("@/app/api/cli/login/approve/route")).POST,
    method: "POST",
    path: "/api/cli/login/approve",
    issues: "cli.login",
  },
  {
    name: "POST /api/cli/login/deny",
    load: async () => (await import("@/app/api/cli/login/deny/route")).POST,
    method: "POST",
    path: "/api/cli/login/deny",
    issues: "cli.login",
  },
  {
    name: "POST /api/cli/device/approve",
    load: async () => (await import("@/app/api/cli/device/approve/route")).POST,
    method: "POST",
    path: "/api/cli/device/approve",
    issues: "cli.login",
  },
  {
    name: "DELETE /api/cli/devices/[id]",
    load: async () => (await import("@/app/api/cli/devices/[id]/route")).DELETE,
    method: "DELETE",
    path: "/api/cli/devices/x",
    param: "id",
  },
  {
    name: "POST /api/v1/credentials",
    load: async () => (await import("@/app/api/v1/credentials/route")).POST,
    method: "POST",
    path: "/api/v1/credentials",
    issues: "credentials.issue",
    cli: true,
  },
  { name: "GET /api/v1/roles", load: async () => (await import("@/app/api/v1/roles/route")).GET, method: "GET", path: "/api/v1/roles", cli: true },
  { name: "GET /api/v1/me", load: async () => (await import("@/app/api/v1/me/route")).GET, method: "GET", path: "/api/v1/me", cli: true },
  {
    name: "POST /api/v1/shell",
    load: async () => (await import("@/app/api/v1/shell/route")).POST,
    method: "POST",
    path: "/api/v1/shell",
    issues: "shell.open",
    cli: true,
  },
  {
    name: "POST /api/v1/forward",
    load: async () => (await import("@/app/api/v1/forward/route")).POST,
    method: "POST",
    path: "/api/v1/forward",
    issues: "forward.open",
    cli: true,
  },
  {
    name: "POST /api/v1/sessions/[sessionId]/resume",
    load: async () => (await import("@/app/api/v1/sessions/[sessionId]/resume/route")).POST,
    method: "POST",
    path: "/api/v1/sessions/x/resume",
    param: "sessionId",
    issues: "shell.resume",
    cli: true,
  },
  {
    name: "DELETE /api/v1/sessions/[sessionId]",
    load: async () => (await import("@/app/api/v1/sessions/[sessionId]/route")).DELETE,
    method: "DELETE",
    path: "/api/v1/sessions/x",
    param: "sessionId",
    cli: true,
  },
  { name: "POST /api/v1/cli/token", load: async () => (await import("@/app/api/v1/cli/token/route")).POST, method: "POST", path: "/api/v1/cli/token" },
  { name: "POST /api/v1/cli/device", load: async () => (await import("@/app/api/v1/cli/device/route")).POST, method: "POST", path: "/api/v1/cli/device" },
];

let aws: AwsSandbox;
let database: TestDatabase;
let restoreEnv: () => void;
let db: ReturnType<typeof connectTestDatabase>;
const dana = testActor({ ...DANA, sourceIp: "203.0.113.7", userAgent: "fast-check" });
const danaCli = testActor({ ...DANA, sourceIp: "203.0.113.7", userAgent: "fast-check", via: "cli-token", deviceName: "fuzz" });

beforeAll(async () => {
  aws = await startAwsSandbox({ port: 0, gateway: false });
  database = await createTestDatabase("postgresql");
  restoreEnv = applyAppEnvironment(consoleEnvironment(aws, database.url, { RATE_LIMIT_CREDENTIALS: "100000", AWS_MAX_ATTEMPTS: "1" }));
  db = connectTestDatabase(database.url);
  await storeOrganization(db, aws.state.seed);
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  await publishAccessPolicyFile("config/demo/access-profiles.yaml");
});
afterAll(async () => {
  await db?.$disconnect();
  restoreEnv?.();
  await database?.drop();
  await aws?.close();
});
beforeEach(() => aws.faults.clear());

const countAudits = () => db.auditEvent.count({ where: { actorSub: DANA.sub } });

describe.each(FAMILIES)("$name with hostile input", (family) => {
  it("never answers 5xx, and audits each refused credential attempt exactly once", async () => {
    const handler = await family.load();
    await fc.assert(
      fc.asyncProperty(fc.record({ body, query, contentType, segment, origin }), async (sample) => {
        const headers: Record<string, string> = { origin: sample.origin, "sec-fetch-site": sample.origin === ORIGIN ? "same-origin" : "cross-site" };
        if (sample.contentType) headers["content-type"] = sample.contentType;
        const url = `${ORIGIN}${family.path}${sample.query ? `?${sample.query}` : ""}`;
        const request = new Request(url, { method: family.method, headers, ...(family.method === "GET" ? {} : { body: sample.body }) });
        const before = family.issues ? await countAudits() : 0;
        const response = await handler.asActor(family.cli ? danaCli : dana, request, family.param ? { [family.param]: sample.segment } : {});
        const text = await response.text();
        expect(response.status, text.slice(0, 300)).toBeLessThan(500);
        // An error answer is bounded: a 100 kB value is never echoed back.
        if (response.status >= 400) expect(text.length).toBeLessThan(2000);
        if (family.issues && response.status >= 400) {
          const records = await db.auditEvent.findMany({ where: { actorSub: DANA.sub }, orderBy: { at: "desc" }, take: (await countAudits()) - before });
          expect(records.map((record) => [record.action, record.outcome])).toEqual([[family.issues, "denied"]]);
        }
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? (family.issues ? 150 : 60)), seed: Number(process.env.HOSTILE_SEED ?? 20261202) },
    );
  });
});

describe("prototype keys in a body", () => {
  it("do not grant anything: a __proto__ admin flag is refused like any other body", async () => {
    const { POST } = await import("@/app/api/console/route");
    const request = new Request(`${ORIGIN}/api/console`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: '{"__proto__": {"admin": true, "groups": ["admins@example.com"]}, "accountId": "333333333333", "roleName": "Admin"}',
    });
    const response = await POST.asActor(dana, request);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toBe("not-granted");
  });
});
