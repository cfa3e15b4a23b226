// The sandbox seed world from the team brief, as the org tree would hand it to the access model.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAccessPolicy, type AccessPolicy, type AccountInfo, type Subject } from "@/lib/access";

export const DEMO_FILE = path.resolve(__dirname, "../../../config/demo/access-profiles.yaml");

export function loadDemoPolicy(): AccessPolicy {
  const result = parseAccessPolicy(readFileSync(DEMO_FILE, "utf8"), "config/demo/access-profiles.yaml");
  if (!result.ok) throw new Error(result.message);
  return result.policy;
}

const account = (id: string, name: string, ouPath: string[]): AccountInfo => ({ id, name, status: "ACTIVE", ouPath });

export const ACCOUNTS = {
  custodian: account("111111111111", "Custodian", ["ou-gh00-admin001"]),
  audit: account("222222222222", "Audit", ["ou-gh00-admin001"]),
  apiProd: account("333333333333", "API Prod", ["ou-gh00-service1", "ou-gh00-api00001"]),
  apiDev: account("444444444444", "API Dev", ["ou-gh00-service1", "ou-gh00-api00001"]),
  sandbox: account("555555555555", "Developer Sandbox", ["ou-gh00-sandbox1"]),
} as const;
export const ALL_ACCOUNTS = Object.values(ACCOUNTS);

export const INSTANCES = {
  prod: { accountId: "333333333333", region: "us-east-1", instanceId: "i-0a000000000000001", tags: { Name: "Production" } },
  apiDevEast: { accountId: "444444444444", region: "us-east-1", instanceId: "i-0b000000000000001", tags: { Name: "Develop" } },
  apiDevWest: { accountId: "444444444444", region: "eu-west-1", instanceId: "i-0b000000000000002", tags: { Name: "Develop" } },
  sandboxDev: { accountId: "555555555555", region: "us-east-1", instanceId: "i-0c000000000000001", tags: { Name: "Develop" } },
  sandboxHybrid: { accountId: "555555555555", region: "us-east-1", instanceId: "mi-0c000000000000002", tags: {} },
  sandboxLost: { accountId: "555555555555", region: "us-east-1", instanceId: "i-0c000000000000003", tags: { Name: "Develop" } },
} as const;

export const ADA: Subject = { sub: "100000000000000000001", email: "ada@example.com", groups: ["admins@example.com", "engineering@example.com"] };
export const DANA: Subject = { sub: "100000000000000000002", email: "dana@example.com", groups: ["developers@example.com", "engineering@example.com"] };
export const NORA: Subject = { sub: "100000000000000000003", email: "nora@example.com", groups: [] };
export const ENGINEER: Subject = { sub: "100000000000000000099", email: "eve@example.com", groups: ["engineering@example.com"] };

export const accountById = (id: string) => ALL_ACCOUNTS.find((candidate) => candidate.id === id);
