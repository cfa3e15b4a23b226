import { describe, expect, it } from "vitest";
import { decide, parseAccessPolicy, type AccessRequest, type Decision, type Subject } from "@/lib/access";
import { hostPatternMatches, parsePortSpec, parseRemoteHostPattern } from "@/lib/access/forward-match";
import { portNumberSchema, remoteHostSchema } from "@/lib/access/ids";
import { parseRemoteHost } from "@/lib/net/host-name";
import { formatIp, parseIp } from "@/lib/net/ip-address";
import { vpcReservedAddresses } from "@/lib/ssm/destinations";
import { ADA, DANA, INSTANCES, accountById, loadDemoPolicy } from "./seed";

// Port-forwarding rules in access profiles: which instances (as for shells), where to (ports on the instance,
// host:port patterns, SSH ports), whether a reason is needed, and the destinations no rule can open.

const policy = loadDemoPolicy();
type Instance = (typeof INSTANCES)[keyof typeof INSTANCES];
type Forward = {
  document: "AWS-StartPortForwardingSession" | "AWS-StartPortForwardingSessionToRemoteHost" | "AWS-StartSSHSession";
  host?: string;
  port: number | string;
  reason?: string;
};
const forward = (instance: Instance, f: Forward): AccessRequest => ({ action: "forward:open", ...instance, tags: { ...instance.tags }, ...f });
const ask = (subject: Subject, request: AccessRequest, against = policy): Decision =>
  decide(subject, request, { policy: against, account: accountById((request as { accountId: string }).accountId) });

describe("the demo developer", () => {
  const why = "debugging a migration";

  it("forwards to PostgreSQL on Develop instances, to port 5432 and to localhost:5432 or 127.0.0.1:5432, as Developer", () => {
    for (const instance of [INSTANCES.apiDevEast, INSTANCES.apiDevWest, INSTANCES.sandboxDev]) {
      expect(ask(DANA, forward(instance, { document: "AWS-StartPortForwardingSession", port: 5432, reason: why }))).toMatchObject({
        allowed: true,
        roleName: "Developer",
        profile: { id: "developer" },
      });
      for (const host of ["localhost", "127.0.0.1", "LOCALHOST."]) {
        expect(ask(DANA, forward(instance, { document: "AWS-StartPortForwardingSessionToRemoteHost", host, port: "5432", reason: why }))).toMatchObject({
          allowed: true,
        });
      }
    }
    expect(
      ask(DANA, forward(INSTANCES.apiDevEast, { document: "AWS-StartPortForwardingSessionToRemoteHost", host: "localhost", port: 5432, reason: why })).reason,
    ).toBe(
      "Profile developer lets you forward from instance i-0b000000000000001 in account 444444444444 (API Dev), us-east-1, to localhost:5432, as role Developer.",
    );
  });

  it("must give a reason", () => {
    expect(ask(DANA, forward(INSTANCES.apiDevEast, { document: "AWS-StartPortForwardingSession", port: 5432 }))).toEqual({
      allowed: false,
      code: "reason-required",
      reason: "Profile developer requires a reason to forward ports; say why you need port 5432 on the instance from instance i-0b000000000000001.",
    });
  });

  it("is refused other ports, other hosts and SSH, told what the rule allows", () => {
    const refusal = {
      allowed: false,
      code: "not-granted",
      reason: expect.stringMatching(
        /^Your profile developer lets you forward from instance i-0b000000000000001 only to port 5432 on the instance and remote hosts localhost:5432, 127\.0\.0\.1:5432; not to /,
      ),
    };
    const cases: Forward[] = [
      { document: "AWS-StartPortForwardingSession", port: 22 },
      { document: "AWS-StartPortForwardingSessionToRemoteHost", host: "db.internal", port: 5432 },
      { document: "AWS-StartPortForwardingSessionToRemoteHost", host: "localhost", port: 6379 },
      { document: "AWS-StartSSHSession", port: 22 },
    ];
    for (const f of cases) expect(ask(DANA, forward(INSTANCES.apiDevEast, { ...f, reason: why }))).toEqual(refusal);
    expect(ask(DANA, forward(INSTANCES.apiDevEast, { document: "AWS-StartSSHSession", port: 22, reason: why })).reason).toMatch(
      /; not to SSH on port 22 of the instance\.$/,
    );
  });

  it("is refused instances the rule does not pick, with the reason shells give", () => {
    expect(ask(DANA, forward(INSTANCES.prod, { document: "AWS-StartPortForwardingSession", port: 5432, reason: why }))).toEqual({
      allowed: false,
      code: "not-granted",
      reason: "Your profiles (developer) do not forward ports from any instance in account 333333333333 (API Prod).",
    });
    expect(ask(DANA, forward(INSTANCES.sandboxHybrid, { document: "AWS-StartPortForwardingSession", port: 5432, reason: why })).reason).toBe(
      "Instance mi-0c000000000000002 has no Name tag; your profile developer forwards ports only from instances tagged Name=Develop.",
    );
  });
});

describe("the demo administrator", () => {
  it("forwards anywhere, SSH included, without a reason", () => {
    expect(ask(ADA, forward(INSTANCES.prod, { document: "AWS-StartSSHSession", port: 22 }))).toMatchObject({ allowed: true, roleName: "Admin" });
    expect(
      ask(
        ADA,
        forward(INSTANCES.prod, { document: "AWS-StartPortForwardingSessionToRemoteHost", host: "mydb.abc123.eu-west-1.rds.amazonaws.com", port: 3306 }),
      ),
    ).toMatchObject({ allowed: true });
    expect(ask(ADA, forward(INSTANCES.prod, { document: "AWS-StartPortForwardingSession", port: 65535 }))).toMatchObject({ allowed: true });
  });

  it("is refused the metadata service and VPC DNS like everyone (no rule can open them)", () => {
    for (const host of [
      "169.254.169.254",
      "fd00:ec2::254",
      "[fd00:ec2::254]",
      "169.254.169.253",
      "::ffff:169.254.169.254",
      "instance-data",
      "instance-data.ec2.internal",
    ]) {
      const decision = ask(ADA, forward(INSTANCES.prod, { document: "AWS-StartPortForwardingSessionToRemoteHost", host, port: 80 }));
      expect(decision).toMatchObject({ allowed: false, code: "invalid-input", reason: expect.stringMatching(/is refused, as the SSM agent refuses/) });
    }
  });

  it("refuses malformed hosts and ports, and a host where the document takes none", () => {
    const bad: [Forward, RegExp][] = [
      [{ document: "AWS-StartPortForwardingSessionToRemoteHost", host: "db internal", port: 5432 }, /not a host name/],
      [{ document: "AWS-StartPortForwardingSessionToRemoteHost", host: "-db.example", port: 5432 }, /RFC 1123/],
      [{ document: "AWS-StartPortForwardingSessionToRemoteHost", host: "0xa9fea9fe", port: 80 }, /non-standard form/],
      [{ document: "AWS-StartPortForwardingSessionToRemoteHost", host: "169.254.43518", port: 80 }, /not an IPv4 address/],
      [{ document: "AWS-StartPortForwardingSessionToRemoteHost", host: "http://db", port: 80 }, /neither a host name nor an IPv6 address/],
      [{ document: "AWS-StartPortForwardingSessionToRemoteHost", port: 80 }, /needs a host/],
      [{ document: "AWS-StartPortForwardingSession", host: "db.example", port: 80 }, /takes no host/],
      [{ document: "AWS-StartPortForwardingSession", port: 0 }, /between 1 and 65535/],
      [{ document: "AWS-StartPortForwardingSession", port: 70000 }, /between 1 and 65535/],
      [{ document: "AWS-StartPortForwardingSession", port: "22; rm -rf /" }, /between 1 and 65535/],
    ];
    for (const [f, message] of bad)
      expect(ask(ADA, forward(INSTANCES.prod, f))).toMatchObject({ allowed: false, code: "invalid-input", reason: expect.stringMatching(message) });
    expect(
      ask(ADA, {
        ...forward(INSTANCES.prod, { document: "AWS-StartPortForwardingSession", port: 80 }),
        document: "AWS-StartInteractiveCommand",
      } as unknown as AccessRequest),
    ).toMatchObject({
      code: "invalid-input",
      reason: expect.stringMatching(/expected one of AWS-StartPortForwardingSession, AWS-StartPortForwardingSessionToRemoteHost, AWS-StartSSHSession/),
    });
  });
});

describe("rules in a profile file", () => {
  const file = (rule: string) => `version: 1
profiles:
  - id: dba
    name: DBA
    custodianRole: arn:aws:iam::111111111111:role/CustodianDeveloper
    grantedTo: { users: [dana@example.com] }
    portForwarding:
      - ${rule}
`;

  it("takes wildcard host patterns and port ranges", () => {
    const parsed = parseAccessPolicy(
      file(
        '{ accounts: all, regions: all, role: Developer, remoteHosts: ["*.rds.amazonaws.com:5432", "cache-?.internal:6379-6380", "[::1]:*"], ports: ["8000-8099"] }',
      ),
    );
    expect(parsed.ok).toBe(true);
    const custom = parsed.ok ? parsed.policy : policy;
    const to = (host: string | undefined, port: number, document: Forward["document"] = "AWS-StartPortForwardingSessionToRemoteHost") =>
      ask(DANA, forward(INSTANCES.prod, { document, host, port }), custom).allowed;
    expect(to("orders.cluster-abc.eu-west-1.rds.amazonaws.com", 5432)).toBe(true);
    expect(to("ORDERS.RDS.AMAZONAWS.COM", 5432)).toBe(true);
    expect(to("orders.rds.amazonaws.com", 3306)).toBe(false);
    expect(to("rds.amazonaws.com.evil.example", 5432)).toBe(false);
    expect(to("cache-1.internal", 6380)).toBe(true);
    expect(to("cache-12.internal", 6379)).toBe(false);
    expect(to("::1", 9999)).toBe(true);
    expect(to("0:0:0:0:0:0:0:1", 1)).toBe(true);
    expect(to(undefined, 8050, "AWS-StartPortForwardingSession")).toBe(true);
    expect(to(undefined, 8100, "AWS-StartPortForwardingSession")).toBe(false);
    expect(to(undefined, 22, "AWS-StartSSHSession")).toBe(false);
  });

  it("refuses a rule that says nowhere, and malformed ports and patterns, naming the line", () => {
    const refusal = (rule: string) => {
      const parsed = parseAccessPolicy(file(rule), "p.yaml");
      return parsed.ok ? "" : parsed.message;
    };
    expect(refusal("{ accounts: all, regions: all, role: Developer }")).toMatch(
      /^p\.yaml:8:\d+ profiles\[0\]\.portForwarding\[0\]: needs ports, remoteHosts or sshPorts/,
    );
    expect(refusal("{ accounts: all, regions: all, role: Developer, ports: [0] }")).toMatch(/ports\[0\]: expected a port \(1-65535\) or a range/);
    expect(refusal('{ accounts: all, regions: all, role: Developer, ports: ["9000-8000"] }')).toMatch(/expected a port/);
    expect(refusal('{ accounts: all, regions: all, role: Developer, remoteHosts: ["db.internal"] }')).toMatch(/remoteHosts\[0\]: expected "host:port"/);
    expect(refusal('{ accounts: all, regions: all, role: Developer, remoteHosts: ["::1:22"] }')).toMatch(/expected "host:port"/);
    expect(refusal('{ accounts: all, regions: all, role: Developer, remoteHosts: ["db_1.internal:22"] }')).toMatch(/expected "host:port"/);
    expect(refusal("{ accounts: all, regions: all, role: Developer, ports: [22], sshports: [22] }")).toMatch(/sshports/);
  });
});

describe("host names, addresses and ports", () => {
  it("canonicalises IP literals and names", () => {
    expect(parseRemoteHost("DB.Example.")).toEqual({ ok: true, host: { kind: "name", text: "db.example" } });
    expect(parseRemoteHost("[0:0::1]")).toMatchObject({ ok: true, host: { kind: "ip", text: "::1" } });
    expect(parseRemoteHost("::FFFF:10.0.0.1")).toMatchObject({ ok: true, host: { kind: "ip", text: "10.0.0.1" } });
    expect(parseRemoteHost("2001:db8:0:0:1:0:0:1")).toMatchObject({ host: { text: "2001:db8::1:0:0:1" } });
    expect(parseRemoteHost("010.0.0.1")).toMatchObject({ ok: false });
    expect(parseRemoteHost("a".repeat(64) + ".example")).toMatchObject({ ok: false });
    expect(parseRemoteHost("example.123")).toMatchObject({ ok: false, error: expect.stringMatching(/last part is all digits/) });
    expect(formatIp(parseIp("fd00:ec2:0::254")!)).toBe("fd00:ec2::254");
  });

  it("the route's schemas return canonical values", () => {
    expect(remoteHostSchema.parse("LocalHost")).toBe("localhost");
    expect(portNumberSchema.parse("5432")).toBe(5432);
    expect(portNumberSchema.safeParse(5432.5).success).toBe(false);
  });

  it("patterns and ranges", () => {
    expect(parsePortSpec("8000-8099")).toEqual({ from: 8000, to: 8099 });
    expect(parsePortSpec(" 80")).toBeNull();
    expect(hostPatternMatches(parseRemoteHostPattern("*.rds.amazonaws.com:5432")!, "a.rds.amazonaws.com", 5432)).toBe(true);
    expect(parseRemoteHostPattern("[fd00::1]:22")).toEqual({ host: "fd00::1", ports: { from: 22, to: 22 } });
  });

  it("the VPC addresses the agent refuses: the first four of the CIDR and its broadcast", () => {
    expect(vpcReservedAddresses("10.40.0.0/16")).toEqual(["10.40.0.0", "10.40.0.1", "10.40.0.2", "10.40.0.3", "10.40.255.255"]);
    expect(vpcReservedAddresses("172.31.0.0/20")).toEqual(["172.31.0.0", "172.31.0.1", "172.31.0.2", "172.31.0.3", "172.31.15.255"]);
    expect(vpcReservedAddresses("nonsense")).toEqual([]);
  });
});
