import { createHash, createHmac } from "node:crypto";
import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  type ListChildrenCommandOutput,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  type ListPoliciesForTargetCommandOutput,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type ListTagsForResourceCommandOutput,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed, SANDBOX_BROKER, startAwsSandbox, type AwsSandbox } from "@/sandbox/aws";

// The sandbox AWS driven by the real SDK clients: the organization tree with one-item and empty pages, SCPs,
// who may call Organizations, and the STS role chain with AWS's own error wording.

let sandbox: AwsSandbox;
const broker = { accessKeyId: SANDBOX_BROKER.accessKeyId, secretAccessKey: SANDBOX_BROKER.secretAccessKey };
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const sts = (credentials: Creds = broker, region = "us-east-1") => new STSClient({ endpoint: sandbox.url, region, credentials, maxAttempts: 1 });
const orgs = (credentials: Creds = broker, region = "us-east-1") => new OrganizationsClient({ endpoint: sandbox.url, region, credentials, maxAttempts: 1 });

async function assume(credentials: Creds, roleArn: string, extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}): Promise<Creds> {
  const out = await sts(credentials).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "dana@example.com", ...extra }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; Reason?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  sandbox = await startAwsSandbox({ pageSize: 1, shortPages: true, gateway: false });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("Organizations", () => {
  it("lists every account through one-item and empty pages", async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgs() }, { MaxResults: 20 })) {
      pages.push(page.Accounts!.length);
      ids.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(ids).toEqual(["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]);
    expect(Math.max(...pages)).toBe(1);
    expect(pages).toContain(0);
  });

  it("walks the OU tree from the root to the nested API OU", async () => {
    const client = orgs();
    const roots = await client.send(new ListRootsCommand({}));
    expect(roots.Roots?.[0]).toMatchObject({ Id: "r-gh00", Name: "Root", PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }] });
    const tree: Record<string, string[]> = {};
    const walk = async (parentId: string): Promise<void> => {
      const children: string[] = [];
      for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
        for (const ou of page.OrganizationalUnits!) {
          children.push(`${ou.Id} ${ou.Name}`);
          await walk(ou.Id!);
        }
      }
      for await (const page of paginateListAccountsForParent({ client }, { ParentId: parentId })) {
        children.push(...page.Accounts!.map((a) => `${a.Id} ${a.Name}`));
      }
      tree[parentId] = children;
    };
    await walk("r-gh00");
    expect(tree["r-gh00"]).toEqual(["ou-gh00-admin001 Admin", "ou-gh00-service1 Service", "ou-gh00-sandbox1 Sandbox"]);
    expect(tree["ou-gh00-service1"]).toEqual(["ou-gh00-api00001 API"]);
    expect(tree["ou-gh00-api00001"]).toEqual(["333333333333 API Prod", "444444444444 API Dev"]);
    expect(tree["ou-gh00-sandbox1"]).toEqual(["555555555555 Developer Sandbox"]);
  });

  it("describes accounts, OUs, parents, children and tags", async () => {
    const client = orgs();
    const account = (await client.send(new DescribeAccountCommand({ AccountId: "444444444444" }))).Account!;
    expect(account).toMatchObject({
      Id: "444444444444",
      Name: "API Dev",
      Email: "api-dev@example.com",
      Status: "ACTIVE",
      JoinedMethod: "CREATED",
      Arn: "arn:aws:organizations::111111111111:account/o-gh00example/444444444444",
    });
    expect(account.JoinedTimestamp?.toISOString()).toBe("2021-06-14T08:35:00.000Z");
    expect((await client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: "ou-gh00-api00001" }))).OrganizationalUnit?.Name).toBe("API");
    expect((await client.send(new ListParentsCommand({ ChildId: "ou-gh00-api00001" }))).Parents).toEqual([
      { Id: "ou-gh00-service1", Type: "ORGANIZATIONAL_UNIT" },
    ]);
    const children: string[] = [];
    let token: string | undefined;
    do {
      const page: ListChildrenCommandOutput = await client.send(
        new ListChildrenCommand({ ParentId: "ou-gh00-admin001", ChildType: "ACCOUNT", NextToken: token }),
      );
      children.push(...page.Children!.map((c) => c.Id!));
      token = page.NextToken;
    } while (token);
    expect(children).toEqual(["111111111111", "222222222222"]);
    const tags: Record<string, string> = {};
    token = undefined;
    do {
      const page: ListTagsForResourceCommandOutput = await client.send(new ListTagsForResourceCommand({ ResourceId: "555555555555", NextToken: token }));
      for (const t of page.Tags!) tags[t.Key!] = t.Value!;
      token = page.NextToken;
    } while (token);
    expect(tags).toEqual({ Environment: "sandbox", Owner: "engineering" });
  });

  it("returns the directly attached SCPs and their JSON content", async () => {
    const client = orgs();
    const attached = async (targetId: string) => {
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page: ListPoliciesForTargetCommandOutput = await client.send(
          new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: "SERVICE_CONTROL_POLICY", NextToken: token }),
        );
        ids.push(...page.Policies!.map((p) => p.Id!));
        token = page.NextToken;
      } while (token);
      return ids;
    };
    expect(await attached("r-gh00")).toEqual(["p-FullAWSAccess", "p-denyleave1"]);
    expect(await attached("ou-gh00-service1")).toEqual(["p-FullAWSAccess", "p-regionlock1"]);
    expect(await attached("ou-gh00-api00001")).toEqual(["p-FullAWSAccess", "p-nosessioneu1"]);
    expect(await attached("444444444444")).toEqual(["p-FullAWSAccess"]);

    const policy = (await client.send(new DescribePolicyCommand({ PolicyId: "p-regionlock1" }))).Policy!;
    expect(policy.PolicySummary).toMatchObject({ Name: "RegionRestriction", Type: "SERVICE_CONTROL_POLICY", AwsManaged: false });
    const content = JSON.parse(policy.Content!) as { Statement: { Effect: string; Condition: Record<string, Record<string, string[]>> }[] };
    expect(content.Statement[0]!.Effect).toBe("Deny");
    expect(content.Statement[0]!.Condition.StringNotEquals!["aws:RequestedRegion"]).toEqual(["us-east-1", "eu-west-1"]);
    const managed = (await client.send(new DescribePolicyCommand({ PolicyId: "p-FullAWSAccess" }))).Policy!.PolicySummary!;
    expect(managed).toMatchObject({ AwsManaged: true, Arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" });
  });

  it("answers not-found and invalid input the way AWS does", async () => {
    const client = orgs();
    expect((await rejection(client.send(new ListChildrenCommand({ ParentId: "ou-gh00-missing1", ChildType: "ACCOUNT" })))).name).toBe(
      "ParentNotFoundException",
    );
    expect((await rejection(client.send(new DescribeAccountCommand({ AccountId: "999999999999" })))).name).toBe("AccountNotFoundException");
    const badToken = await rejection(client.send(new ListAccountsCommand({ NextToken: "not-a-token" })));
    expect(badToken).toMatchObject({ name: "InvalidInputException", Reason: "INVALID_NEXT_TOKEN" });
    const otherQuery = (await client.send(new ListAccountsForParentCommand({ ParentId: "ou-gh00-admin001" }))).NextToken!;
    expect((await rejection(client.send(new ListAccountsCommand({ NextToken: otherQuery })))).name).toBe("InvalidInputException");
  });

  it("serves member accounts only DescribeOrganization, and only in us-east-1", async () => {
    const admin = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin");
    const member = await assume(admin, "arn:aws:iam::333333333333:role/Admin");
    const org = (await orgs(member).send(new DescribeOrganizationCommand({}))).Organization!;
    expect(org).toMatchObject({ Id: "o-gh00example", MasterAccountId: "111111111111", FeatureSet: "ALL" });
    const denied = await rejection(orgs(member).send(new ListRootsCommand({})));
    expect(denied.name).toBe("AccessDeniedException");
    expect(denied.message).toBe("You don't have permissions to access this resource.");
    const developer = await assume(await assume(broker, "arn:aws:iam::111111111111:role/CustodianDeveloper"), "arn:aws:iam::444444444444:role/Developer");
    const iamDenied = await rejection(orgs(developer).send(new ListAccountsCommand({})));
    expect(iamDenied.message).toBe(
      "User: arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com is not authorized to perform: organizations:ListAccounts on resource: * because no identity-based policy allows the organizations:ListAccounts action",
    );
    expect((await rejection(orgs(broker, "eu-west-1").send(new ListRootsCommand({})))).name).toBe("InvalidSignatureException");
  });
});

describe("delegated administrators", () => {
  it("may call the Organizations read API from a member account", async () => {
    const seed = loadSeed();
    const other = await startAwsSandbox({
      seed: { ...seed, organization: { ...seed.organization, delegatedAdministrators: ["222222222222"] } },
      gateway: false,
    });
    try {
      const viaSts = (credentials: Creds, roleArn: string) =>
        new STSClient({ endpoint: other.url, region: "us-east-1", credentials, maxAttempts: 1 }).send(
          new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ada" }),
        );
      const c1 = (await viaSts(broker, "arn:aws:iam::111111111111:role/CustodianAdmin")).Credentials!;
      const c2 = (
        await viaSts(
          { accessKeyId: c1.AccessKeyId!, secretAccessKey: c1.SecretAccessKey!, sessionToken: c1.SessionToken! },
          "arn:aws:iam::222222222222:role/ReadOnly",
        )
      ).Credentials!;
      const audit = new OrganizationsClient({
        endpoint: other.url,
        region: "us-east-1",
        credentials: { accessKeyId: c2.AccessKeyId!, secretAccessKey: c2.SecretAccessKey!, sessionToken: c2.SessionToken! },
        maxAttempts: 1,
      });
      expect((await audit.send(new ListRootsCommand({}))).Roots?.[0]?.Id).toBe("r-gh00");
    } finally {
      await other.close();
    }
  });
});

describe("STS role chain", () => {
  it("goes broker → CustodianDeveloper → Developer@444444444444 with source identity and session tags", async () => {
    const first = await sts().send(
      new AssumeRoleCommand({
        RoleArn: "arn:aws:iam::111111111111:role/CustodianDeveloper",
        RoleSessionName: "dana@example.com",
        SourceIdentity: "dana@example.com",
        Tags: [
          { Key: "gatehouse-user", Value: "dana@example.com" },
          { Key: "profile", Value: "developer" },
        ],
        TransitiveTagKeys: ["gatehouse-user"],
        DurationSeconds: 3600,
      }),
    );
    expect(first.AssumedRoleUser?.Arn).toBe("arn:aws:sts::111111111111:assumed-role/CustodianDeveloper/dana@example.com");
    expect(first.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:dana@example\.com$/);
    expect(first.SourceIdentity).toBe("dana@example.com");
    expect(first.PackedPolicySize).toBeGreaterThan(0);
    expect(first.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const expiresIn = first.Credentials!.Expiration!.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    const custodian = {
      accessKeyId: first.Credentials!.AccessKeyId!,
      secretAccessKey: first.Credentials!.SecretAccessKey!,
      sessionToken: first.Credentials!.SessionToken!,
    };
    const second = await sts(custodian).send(
      new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444444444444:role/Developer", RoleSessionName: "dana@example.com" }),
    );
    expect(second.AssumedRoleUser?.Arn).toBe("arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com");
    expect(second.SourceIdentity).toBe("dana@example.com");
    const developer = {
      accessKeyId: second.Credentials!.AccessKeyId!,
      secretAccessKey: second.Credentials!.SecretAccessKey!,
      sessionToken: second.Credentials!.SessionToken!,
    };
    const identity = await sts(developer).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: "444444444444", Arn: "arn:aws:sts::444444444444:assumed-role/Developer/dana@example.com" });
    expect(identity.UserId).toBe(second.AssumedRoleUser?.AssumedRoleId);
    const caller = sandbox.state.credentials.lookup(developer.accessKeyId)!.caller;
    expect(caller.kind === "role-session" && caller.sessionTags).toEqual({ "gatehouse-user": "dana@example.com" });
  });

  it("refuses CustodianDeveloper → Admin@333333333333 with AWS's AccessDenied text", async () => {
    const custodian = await assume(broker, "arn:aws:iam::111111111111:role/CustodianDeveloper");
    const error = await rejection(
      sts(custodian).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::333333333333:role/Admin", RoleSessionName: "dana@example.com" })),
    );
    expect(error.name).toBe("AccessDenied");
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      "User: arn:aws:sts::111111111111:assumed-role/CustodianDeveloper/dana@example.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/Admin",
    );
    const missing = await rejection(
      sts(custodian).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444444444444:role/NoSuchRole", RoleSessionName: "dana" })),
    );
    expect(missing.name).toBe("AccessDenied");
  });

  it("caps chained sessions at one hour but lets long-term keys use the role's MaxSessionDuration", async () => {
    const custodian = await assume(broker, "arn:aws:iam::111111111111:role/CustodianDeveloper", { DurationSeconds: 43200 });
    const chained = await rejection(
      sts(custodian).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444444444444:role/Developer", RoleSessionName: "dana", DurationSeconds: 7200 })),
    );
    expect(chained.name).toBe("ValidationError");
    expect(chained.message).toBe("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    await expect(assume(custodian, "arn:aws:iam::444444444444:role/Developer", { DurationSeconds: 3600 })).resolves.toBeDefined();
    const tooLong = await rejection(assume(broker, "arn:aws:iam::111111111111:role/CustodianDeveloper", { DurationSeconds: 43201 }));
    expect(tooLong.message).toContain("Member must have value less than or equal to 43200");
  });

  it("requires sts:TagSession / sts:SetSourceIdentity and keeps source identity immutable through the chain", async () => {
    const custodian = await assume(broker, "arn:aws:iam::111111111111:role/CustodianDeveloper", { SourceIdentity: "dana@example.com" });
    const changed = await rejection(assume(custodian, "arn:aws:iam::444444444444:role/Developer", { SourceIdentity: "mallory@example.com" }));
    expect(changed.name).toBe("ValidationError");
    const admin = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin");
    const prod = await assume(admin, "arn:aws:iam::333333333333:role/Admin");
    // Admin has no trust for anyone but CustodianAdmin, so chaining further (with or without tags) is refused.
    const error = await rejection(assume(prod, "arn:aws:iam::333333333333:role/ReadOnly", { Tags: [{ Key: "a", Value: "b" }] }));
    expect(error.name).toBe("AccessDenied");
  });

  it("validates RoleSessionName, SourceIdentity and tags per the STS limits", async () => {
    const arn = "arn:aws:iam::111111111111:role/CustodianDeveloper";
    const bad = [
      { RoleSessionName: "d" },
      { RoleSessionName: "dana has spaces" },
      { RoleSessionName: "x".repeat(65) },
      { SourceIdentity: "aws:dana" },
      { Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) },
      {
        Tags: [
          { Key: "Team", Value: "a" },
          { Key: "team", Value: "b" },
        ],
      },
      { Tags: [{ Key: "Team", Value: "a" }], TransitiveTagKeys: ["Other"] },
      { RoleArn: "arn:aws:iam::111111111111:user/CustodianDeveloper" },
    ];
    for (const input of bad) {
      const error = await rejection(sts().send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "dana", ...input })));
      expect(error.name, JSON.stringify(input)).toBe("ValidationError");
    }
    const nameError = await rejection(sts().send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "dana has spaces" })));
    expect(nameError.message).toBe(
      "1 validation error detected: Value 'dana has spaces' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });
});

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data);
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

describe("SigV4", () => {
  it("rejects a wrong secret, an unknown key and a missing session token", async () => {
    const badSecret = await rejection(sts({ ...broker, secretAccessKey: "not-the-secret" }).send(new GetCallerIdentityCommand({})));
    expect(badSecret.name).toBe("SignatureDoesNotMatch");
    expect(badSecret.$metadata?.httpStatusCode).toBe(403);
    const unknown = await rejection(sts({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }).send(new GetCallerIdentityCommand({})));
    expect(unknown.name).toBe("InvalidClientTokenId");
    expect((await rejection(orgs({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }).send(new ListRootsCommand({})))).name).toBe(
      "UnrecognizedClientException",
    );
    expect((await rejection(orgs({ ...broker, secretAccessKey: "wrong" }).send(new ListRootsCommand({})))).name).toBe("InvalidSignatureException");
    const session = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin");
    const noToken = await rejection(sts({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }).send(new GetCallerIdentityCommand({})));
    expect(noToken.name).toBe("InvalidClientTokenId");
  });

  it("answers ExpiredToken once temporary credentials have expired", async () => {
    const session = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin", { DurationSeconds: 900 });
    await expect(sts(session).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    sandbox.state.clock.advance(901);
    try {
      const expired = await rejection(sts(session).send(new GetCallerIdentityCommand({})));
      expect(expired.name).toBe("ExpiredToken");
      expect(expired.message).toBe("The security token included in the request is expired");
      expect((await rejection(orgs(session).send(new ListRootsCommand({})))).name).toBe("ExpiredTokenException");
    } finally {
      sandbox.state.clock.reset();
    }
  });

  it("verifies requests signed by @smithy/signature-v4 with a query string and a session token", async () => {
    const session = await assume(broker, "arn:aws:iam::111111111111:role/CustodianAdmin");
    class Sha256 {
      private readonly hash;
      constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.hash = secret ? createHmac("sha256", toBuffer(secret)) : createHash("sha256");
      }
      update(data: string | ArrayBuffer | ArrayBufferView) {
        this.hash.update(toBuffer(data));
      }
      async digest() {
        return new Uint8Array(this.hash.digest());
      }
      reset() {}
    }
    const url = new URL(sandbox.url);
    const signer = new SignatureV4({ credentials: session as Required<Creds>, region: "eu-west-1", service: "sts", sha256: Sha256 });
    const signed = await signer.sign({
      method: "GET",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15", Extra: "a b/c" },
      headers: { host: url.host },
    });
    const query = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, "%20");
    const ok = await fetch(`${sandbox.url}/?${query}`, { headers: signed.headers });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("<Arn>arn:aws:sts::111111111111:assumed-role/CustodianAdmin/dana@example.com</Arn>");
    const tampered = await fetch(`${sandbox.url}/?${query.replace("Extra=a", "Extra=b")}`, { headers: signed.headers });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });
});
