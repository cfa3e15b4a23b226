import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { findBlockingScps, type ScpDocument } from "@/lib/access-explain/scp-match";

// Which SCP stops an action, read from the SCP texts: against the demo seed's own SCPs (the API accounts' path:
// root → Service → API), and against hand-made statements for the matcher's edges.

type SeedPolicy = { id: string; name: string; content: unknown };
const seed = parse(readFileSync(path.resolve(__dirname, "../../../sandbox/seed/default.yaml"), "utf8")) as {
  policies: SeedPolicy[];
  root: { policies: string[] };
  organizationalUnits: { id: string; name: string; policies: string[] }[];
};
const doc = (id: string, attachedTo: string): ScpDocument => {
  const policy = seed.policies.find((candidate) => candidate.id === id)!;
  return { policyId: id, policyName: policy.name, attachedTo, content: JSON.stringify(policy.content) };
};
const level = (ids: string[], name: string) => ids.map((id) => doc(id, name));
const ou = (id: string) => seed.organizationalUnits.find((candidate) => candidate.id === id)!;
const apiPath = [
  level(seed.root.policies, "Root"),
  level(ou("ou-gh00-service1").policies, "Service"),
  level(ou("ou-gh00-api00001").policies, "API"),
  level(["p-FullAWSAccess"], "API Dev"),
];
const INSTANCE = "arn:aws:ec2:eu-west-1:444444444444:instance/i-0b000000000000002";

describe("the SCPs that stop an action", () => {
  it("finds the demo's NoSessionsInEuWest1 for a session in eu-west-1, and nothing in us-east-1", () => {
    expect(findBlockingScps(apiPath, "ssm:StartSession", INSTANCE, { "aws:RequestedRegion": "eu-west-1" })).toEqual([
      { policyId: "p-nosessioneu1", policyName: "NoSessionsInEuWest1", attachedTo: "API", statement: "DenySessionsInEuWest1", kind: "deny", certain: true },
    ]);
    expect(findBlockingScps(apiPath, "ssm:StartSession", INSTANCE.replace("eu-west-1", "us-east-1"), { "aws:RequestedRegion": "us-east-1" })).toEqual([]);
  });

  it("finds the region lock outside the allowed regions, but not for the global services it leaves out", () => {
    const west2 = { "aws:RequestedRegion": "us-west-2" };
    expect(findBlockingScps(apiPath, "ec2:DescribeInstances", "*", west2).map((finding) => finding.policyName)).toEqual(["RegionRestriction"]);
    expect(findBlockingScps(apiPath, "iam:SimulatePrincipalPolicy", "*", west2)).toEqual([]);
  });

  it("says 'may' when a condition uses a key it was not given, and names a level that allows nothing", () => {
    // Without aws:RequestedRegion, both region-conditioned denies on the path may apply.
    expect(findBlockingScps(apiPath, "ssm:StartSession", INSTANCE, {}).map((finding) => [finding.policyName, finding.certain])).toEqual([
      ["RegionRestriction", false],
      ["NoSessionsInEuWest1", false],
    ]);
    const allowOnlyS3 = [
      {
        policyId: "p-s3",
        policyName: "OnlyS3",
        attachedTo: "Sandbox",
        content: JSON.stringify({ Statement: { Effect: "Allow", Action: "s3:*", Resource: "*" } }),
      },
    ];
    expect(findBlockingScps([allowOnlyS3], "ssm:StartSession", INSTANCE, {})).toEqual([
      { policyId: "p-s3", policyName: "OnlyS3", attachedTo: "Sandbox", statement: "(no Allow)", kind: "no-allow", certain: true },
    ]);
  });

  it("matches actions case-insensitively with wildcards, resources exactly, and NotResource", () => {
    const deny = (statement: object) => [
      [
        {
          policyId: "p",
          policyName: "P",
          attachedTo: "Root",
          content: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, statement] }),
        },
      ],
    ];
    expect(findBlockingScps(deny({ Sid: "A", Effect: "Deny", Action: "SSM:Start*", Resource: "*" }), "ssm:StartSession", INSTANCE, {})).toHaveLength(1);
    expect(
      findBlockingScps(
        deny({ Sid: "B", Effect: "Deny", Action: "ssm:StartSession", Resource: "arn:aws:ec2:*:*:instance/i-0a*" }),
        "ssm:StartSession",
        INSTANCE,
        {},
      ),
    ).toEqual([]);
    expect(
      findBlockingScps(deny({ Sid: "C", Effect: "Deny", Action: "ssm:*", NotResource: "arn:aws:ec2:*:*:instance/*" }), "ssm:StartSession", INSTANCE, {}),
    ).toEqual([]);
    expect(findBlockingScps([[{ policyId: "p", policyName: "P", attachedTo: "Root", content: "not json" }]], "ssm:StartSession", INSTANCE, {})).toEqual([
      expect.objectContaining({ kind: "no-allow" }),
    ]);
  });
});
