import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  EC2Client,
  paginateDescribeInstances,
  type DescribeInstancesCommandInput,
} from "@aws-sdk/client-ec2";
import {
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  ListTagsForResourceCommand,
  paginateDescribeInstanceInformation,
  ResumeSessionCommand,
  SSMClient,
  StartSessionCommand,
  TerminateSessionCommand,
} from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed, SANDBOX_BROKER, startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";
import { openShell } from "@/sandbox/aws/gateway/test-harness";

// EC2 and SSM as a developer sees them through Gatehouse: instances and their tags, node inventory, and
// Session Manager sessions whose IAM decision depends on the instance's Name tag.

let sandbox: AwsSandbox;
let rootDir: string;
const broker = { accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey };
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

async function assume(url: string, credentials: Creds, roleArn: string, sessionName: string): Promise<Creds> {
  const sts = new STSClient({ endpoint: url, region: "us-east-1", credentials, maxAttempts: 1 });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** broker → Custodian role → target role, as Gatehouse does for a signed-in user. */
async function roleIn(url: string, custodian: string, target: string, sessionName = "dana@example.com"): Promise<Creds> {
  const first = await assume(url, broker, `arn:aws:iam::111111111111:role/${custodian}`, sessionName);
  return assume(url, first, target, sessionName);
}

const ssm = (credentials: Creds, region = "us-east-1", url = sandbox.url) => new SSMClient({ endpoint: url, region, credentials, maxAttempts: 1 });
const ec2 = (credentials: Creds, region = "us-east-1") => new EC2Client({ endpoint: sandbox.url, region, credentials, maxAttempts: 1 });

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

let dana444: Creds;
let dana555: Creds;

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-sandbox-aws-ssm-"));
  sandbox = await startAwsSandbox({ pageSize: 2, gateway: { rootDir } });
  dana444 = await roleIn(sandbox.url, "CustodianDeveloper", "arn:aws:iam::444444444444:role/Developer");
  dana555 = await roleIn(sandbox.url, "CustodianDeveloper", "arn:aws:iam::555555555555:role/Developer");
});
afterAll(async () => {
  await sandbox?.close();
  if (rootDir) rmSync(rootDir, { recursive: true, force: true });
});

describe("EC2", () => {
  it("describes the account's instances in the signing region, with their tags", async () => {
    const east = await ec2(dana444).send(new DescribeInstancesCommand({}));
    const instances = east.Reservations!.flatMap((r) => r.Instances!);
    expect(instances.map((i) => i.InstanceId)).toEqual(["i-0b000000000000001"]);
    expect(instances[0]).toMatchObject({ State: { Code: 16, Name: "running" }, PrivateIpAddress: "10.40.1.21", InstanceType: "t3.micro" });
    expect(Object.fromEntries(instances[0]!.Tags!.map((t) => [t.Key, t.Value]))).toEqual({ Name: "Develop", Team: "api", Environment: "development" });
    expect(east.Reservations![0]!.OwnerId).toBe("444444444444");
    const west = await ec2(dana444, "eu-west-1").send(new DescribeInstancesCommand({}));
    expect(west.Reservations!.flatMap((r) => r.Instances!).map((i) => i.InstanceId)).toEqual(["i-0b000000000000002"]);
  });

  it("filters by instance id, tag and tag key, and pages with NextToken", async () => {
    const client = ec2(dana555);
    const ids = async (input: DescribeInstancesCommandInput) => {
      const out: string[] = [];
      for await (const page of paginateDescribeInstances({ client }, input))
        out.push(...page.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!)));
      return out;
    };
    expect(await ids({ MaxResults: 5 })).toEqual(["i-0c000000000000001", "i-0c000000000000003"]);
    expect(await ids({ Filters: [{ Name: "tag:Name", Values: ["Dev*"] }] })).toEqual(["i-0c000000000000001", "i-0c000000000000003"]);
    expect(await ids({ Filters: [{ Name: "instance-id", Values: ["i-0c000000000000003"] }] })).toEqual(["i-0c000000000000003"]);
    expect(await ids({ Filters: [{ Name: "tag-key", Values: ["Location"] }] })).toEqual([]);
    expect(await ids({ InstanceIds: ["i-0c000000000000001"] })).toEqual(["i-0c000000000000001"]);
    expect((await rejection(client.send(new DescribeInstancesCommand({ InstanceIds: ["i-0a000000000000001"] })))).name).toBe("InvalidInstanceID.NotFound");
    expect((await rejection(client.send(new DescribeInstancesCommand({ MaxResults: 2 })))).name).toBe("InvalidParameterValue");
  });

  it("lists the enabled regions", async () => {
    const regions = (await ec2(dana444).send(new DescribeRegionsCommand({}))).Regions!;
    expect(regions.map((r) => [r.RegionName, r.Endpoint, r.OptInStatus])).toEqual([
      ["us-east-1", "ec2.us-east-1.amazonaws.com", "opt-in-not-required"],
      ["eu-west-1", "ec2.eu-west-1.amazonaws.com", "opt-in-not-required"],
    ]);
  });

  it("enforces the RegionRestriction SCP for member accounts", async () => {
    const error = await rejection(ec2(dana444, "us-west-2").send(new DescribeInstancesCommand({})));
    expect(error.name).toBe("UnauthorizedOperation");
    expect(error.message).toBe(
      "You are not authorized to perform this operation. User: arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com is not authorized to perform: ec2:DescribeInstances with an explicit deny in a service control policy",
    );
  });
});

describe("SSM node inventory", () => {
  it("describes managed nodes with ping status, platform and resource type, across pages", async () => {
    const nodes = [];
    for await (const page of paginateDescribeInstanceInformation({ client: ssm(dana555) }, { MaxResults: 5 })) {
      expect(page.InstanceInformationList!.length).toBeLessThanOrEqual(2);
      nodes.push(...page.InstanceInformationList!);
    }
    expect(nodes.map((n) => [n.InstanceId, n.PingStatus, n.ResourceType])).toEqual([
      ["i-0c000000000000001", "Online", "EC2Instance"],
      ["mi-0c000000000000002", "Online", "ManagedInstance"],
      ["i-0c000000000000003", "ConnectionLost", "EC2Instance"],
    ]);
    expect(nodes[1]).toMatchObject({ PlatformName: "Debian GNU/Linux", IPAddress: "192.168.10.42", ComputerName: "lab-server-01.office.example.com" });
    expect(nodes[0]!.LastPingDateTime).toBeInstanceOf(Date);
  });

  it("filters by ping status and by tag, but not both at once", async () => {
    const client = ssm(dana555);
    const online = await client.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "PingStatus", Values: ["ConnectionLost"] }] }));
    expect(online.InstanceInformationList!.map((n) => n.InstanceId)).toEqual(["i-0c000000000000003"]);
    const tagged = await client.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "tag:Location", Values: ["office-lab"] }] }));
    expect(tagged.InstanceInformationList!.map((n) => n.InstanceId)).toEqual(["mi-0c000000000000002"]);
    const mixed = await rejection(
      client.send(
        new DescribeInstanceInformationCommand({
          Filters: [
            { Key: "tag:Name", Values: ["Develop"] },
            { Key: "PingStatus", Values: ["Online"] },
          ],
        }),
      ),
    );
    expect(mixed.name).toBe("InvalidInstanceInformationFilterValue");
    expect((await rejection(client.send(new DescribeInstanceInformationCommand({ MaxResults: 4 })))).name).toBe("ValidationException");
    expect((await rejection(client.send(new DescribeInstanceInformationCommand({ NextToken: "bogus" })))).name).toBe("InvalidNextToken");
  });

  it("returns a hybrid node's tags through ListTagsForResource, and refuses EC2 ids there", async () => {
    const client = ssm(dana555);
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: "mi-0c000000000000002" }));
    expect(tags.TagList).toEqual([
      { Key: "Environment", Value: "sandbox" },
      { Key: "Location", Value: "office-lab" },
    ]);
    const ec2Id = await rejection(client.send(new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: "i-0c000000000000001" })));
    expect(ec2Id.name).toBe("InvalidResourceId");
  });
});

describe("Session Manager", () => {
  it("lets the Developer role start a session on a Name=Develop instance, prefixed with the session name", async () => {
    const started = await ssm(dana444).send(new StartSessionCommand({ Target: "i-0b000000000000001", Reason: "debugging" }));
    expect(started.SessionId).toMatch(/^dana@example\.com-[0-9a-f]+$/);
    expect(started.StreamUrl).toBe(`${sandbox.url.replace("http", "ws")}/v1/data-channel/${encodeURIComponent(started.SessionId!)}?role=publish_subscribe`);
    expect(started.TokenValue).toBeTruthy();
    const shell = openShell({ SessionId: started.SessionId!, TokenValue: started.TokenValue!, StreamUrl: started.StreamUrl! });
    try {
      await shell.waitForOutput("i-0b000000000000001$ ");
      expect(await shell.run("echo sandbox-ok", /\nsandbox-ok\n/)).toContain("sandbox-ok");
    } finally {
      shell.session.close();
    }
    await ssm(dana444).send(new TerminateSessionCommand({ SessionId: started.SessionId! }));
  });

  it("denies the Production instance with AWS's AccessDenied text", async () => {
    const error = await rejection(ssm(dana444).send(new StartSessionCommand({ Target: "i-0a000000000000001" })));
    expect(error.name).toBe("AccessDeniedException");
    expect(error.message).toBe(
      "User: arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com is not authorized to perform: ssm:StartSession on resource: arn:aws:ec2:us-east-1:333333333333:instance/i-0a000000000000001 because no identity-based policy allows the ssm:StartSession action",
    );
    const untagged = await rejection(ssm(dana555).send(new StartSessionCommand({ Target: "mi-0c000000000000002" })));
    expect(untagged.message).toContain(
      "on resource: arn:aws:ssm:us-east-1:555555555555:managed-instance/mi-0c000000000000002 because no identity-based policy",
    );
  });

  it("decides on the instance's Name tag within one account (ssm:resourceTag condition)", async () => {
    const seed = loadSeed();
    const extra = { ...seed.instances[1]!, id: "i-0b000000000000009", tags: { Name: "Production" }, ipAddress: "10.40.1.99" };
    const other = await startAwsSandbox({ seed: { ...seed, instances: [...seed.instances, extra] }, gateway: false });
    try {
      const dev = await roleIn(other.url, "CustodianDeveloper", "arn:aws:iam::444444444444:role/Developer");
      const denied = await rejection(ssm(dev, "us-east-1", other.url).send(new StartSessionCommand({ Target: "i-0b000000000000009" })));
      expect(denied.message).toBe(
        "User: arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com is not authorized to perform: ssm:StartSession on resource: arn:aws:ec2:us-east-1:444444444444:instance/i-0b000000000000009 because no identity-based policy allows the ssm:StartSession action",
      );
      const allowed = await ssm(dev, "us-east-1", other.url).send(new StartSessionCommand({ Target: "i-0b000000000000001" }));
      expect(allowed.SessionId).toBeTruthy();
    } finally {
      await other.close();
    }
  });

  it("answers TargetNotConnected for lost nodes and nodes outside the signing region", async () => {
    const lost = await rejection(ssm(dana555).send(new StartSessionCommand({ Target: "i-0c000000000000003" })));
    expect(lost.name).toBe("TargetNotConnected");
    expect(lost.message).toBe("i-0c000000000000003 is not connected.");
    expect((await rejection(ssm(dana444).send(new StartSessionCommand({ Target: "i-0b000000000000002" })))).name).toBe("TargetNotConnected");
    // In its own region the node is there, but the API OU's NoSessionsInEuWest1 SCP refuses every session in eu-west-1.
    const west = await rejection(ssm(dana444, "eu-west-1").send(new StartSessionCommand({ Target: "i-0b000000000000002" })));
    expect(west.name).toBe("AccessDeniedException");
    expect(west.message).toMatch(
      /not authorized to perform: ssm:StartSession on resource: .*i-0b000000000000002 with an explicit deny in a service control policy/,
    );
    const admin = await roleIn(sandbox.url, "CustodianAdmin", "arn:aws:iam::555555555555:role/Admin", "ada@example.com");
    expect((await rejection(ssm(admin).send(new StartSessionCommand({ Target: "i-0b000000000000001" })))).name).toBe("TargetNotConnected");
    expect((await rejection(ssm(admin).send(new StartSessionCommand({ Target: "i-0c000000000000001", DocumentName: "Nope-Doc" })))).name).toBe(
      "InvalidDocument",
    );
  });

  it("lets users terminate and resume only their own sessions, and lists them by state", async () => {
    const bob444 = await roleIn(sandbox.url, "CustodianDeveloper", "arn:aws:iam::444444444444:role/Developer", "bob@example.com");
    const mine = await ssm(dana444).send(new StartSessionCommand({ Target: "i-0b000000000000001" }));
    const bobs = await ssm(bob444).send(new StartSessionCommand({ Target: "i-0b000000000000001" }));

    const resumed = await ssm(dana444).send(new ResumeSessionCommand({ SessionId: mine.SessionId! }));
    expect(resumed.SessionId).toBe(mine.SessionId);
    expect(resumed.TokenValue).not.toBe(mine.TokenValue);
    const foreign = await rejection(ssm(dana444).send(new TerminateSessionCommand({ SessionId: bobs.SessionId! })));
    expect(foreign.name).toBe("AccessDeniedException");
    expect(foreign.message).toContain(`ssm:TerminateSession on resource: arn:aws:ssm:us-east-1:444444444444:session/${bobs.SessionId}`);

    const active = await ssm(dana444).send(new DescribeSessionsCommand({ State: "Active", Filters: [{ key: "Owner", value: "Self" }] }));
    expect(active.Sessions!.map((s) => s.SessionId)).toContain(mine.SessionId);
    expect(active.Sessions!.every((s) => s.Owner === "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com")).toBe(true);

    expect((await ssm(dana444).send(new TerminateSessionCommand({ SessionId: mine.SessionId! }))).SessionId).toBe(mine.SessionId);
    const gone = await rejection(ssm(dana444).send(new ResumeSessionCommand({ SessionId: mine.SessionId! })));
    expect(gone.name).toBe("DoesNotExistException");
    const history = await ssm(dana444).send(new DescribeSessionsCommand({ State: "History", Filters: [{ key: "SessionId", value: mine.SessionId! }] }));
    expect(history.Sessions).toEqual([expect.objectContaining({ SessionId: mine.SessionId, Status: "Terminated", Target: "i-0b000000000000001" })]);
    // Sessions never cross accounts: another account sees neither the session nor a way to end it.
    const admin555 = await roleIn(sandbox.url, "CustodianAdmin", "arn:aws:iam::555555555555:role/Admin", "ada@example.com");
    const elsewhere = await ssm(admin555).send(new DescribeSessionsCommand({ State: "Active" }));
    expect(elsewhere.Sessions!.map((s) => s.SessionId)).not.toContain(bobs.SessionId);
    expect((await rejection(ssm(admin555).send(new TerminateSessionCommand({ SessionId: bobs.SessionId! })))).name).toBe("DoesNotExistException");
    await ssm(bob444).send(new TerminateSessionCommand({ SessionId: bobs.SessionId! }));
  });

  it("evaluates ABAC conditions: principal tags, source identity and ExternalId", async () => {
    const seed = loadSeed();
    const custodianDeveloper = seed.iam.roles.find((r) => r.name === "CustodianDeveloper")!;
    const teamOperator = {
      ...seed.iam.roles.find((r) => r.name === "Developer")!,
      name: "TeamOperator",
      accounts: ["444444444444"],
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:role/CustodianDeveloper" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": "gatehouse-ext" } },
          },
          // sts:ExternalId is not in sts:TagSession's request context (Service Authorization Reference).
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/CustodianDeveloper" }, Action: ["sts:TagSession", "sts:SetSourceIdentity"] },
        ],
      },
      policies: [
        {
          name: "Abac",
          document: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: "ssm:StartSession",
                Resource: "arn:aws:ec2:*:*:instance/*",
                Condition: { StringEquals: { "ssm:resourceTag/Team": "${aws:PrincipalTag/team}" }, StringLike: { "aws:SourceIdentity": "*@example.com" } },
              },
              { Effect: "Allow", Action: "ssm:StartSession", Resource: "arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell" },
            ],
          },
        },
      ],
    };
    const webInstance = { ...seed.instances[1]!, id: "i-0b000000000000008", tags: { Name: "Develop", Team: "web" }, ipAddress: "10.40.1.80" };
    const abacSeed = {
      ...seed,
      instances: [...seed.instances, webInstance],
      iam: {
        ...seed.iam,
        roles: [
          ...seed.iam.roles.filter((r) => r.name !== "CustodianDeveloper"),
          {
            ...custodianDeveloper,
            policies: [
              ...custodianDeveloper.policies,
              {
                name: "TeamOperator",
                document: {
                  Version: "2012-10-17",
                  Statement: [
                    {
                      Effect: "Allow",
                      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
                      Resource: "arn:aws:iam::444444444444:role/TeamOperator",
                    },
                  ],
                },
              },
            ],
          },
          teamOperator,
        ],
      },
    };
    const other = await startAwsSandbox({ seed: abacSeed, gateway: false });
    try {
      const sts = (credentials: Creds) => new STSClient({ endpoint: other.url, region: "us-east-1", credentials, maxAttempts: 1 });
      const first = (
        await sts(broker).send(
          new AssumeRoleCommand({
            RoleArn: "arn:aws:iam::111111111111:role/CustodianDeveloper",
            RoleSessionName: "dana@example.com",
            SourceIdentity: "dana@example.com",
            Tags: [{ Key: "team", Value: "api" }],
            TransitiveTagKeys: ["team"],
          }),
        )
      ).Credentials!;
      const custodian = { accessKeyId: first.AccessKeyId!, secretAccessKey: first.SecretAccessKey!, sessionToken: first.SessionToken! };
      const withoutExternalId = await rejection(
        sts(custodian).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444444444444:role/TeamOperator", RoleSessionName: "dana@example.com" })),
      );
      expect(withoutExternalId.name).toBe("AccessDenied");
      const second = (
        await sts(custodian).send(
          new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444444444444:role/TeamOperator", RoleSessionName: "dana@example.com", ExternalId: "gatehouse-ext" }),
        )
      ).Credentials!;
      const operator = { accessKeyId: second.AccessKeyId!, secretAccessKey: second.SecretAccessKey!, sessionToken: second.SessionToken! };
      await expect(ssm(operator, "us-east-1", other.url).send(new StartSessionCommand({ Target: "i-0b000000000000001" }))).resolves.toHaveProperty("SessionId");
      const otherTeam = await rejection(ssm(operator, "us-east-1", other.url).send(new StartSessionCommand({ Target: "i-0b000000000000008" })));
      expect(otherTeam.name).toBe("AccessDeniedException");
    } finally {
      await other.close();
    }
  });
});
