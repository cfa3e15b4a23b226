import { z } from "zod";

// The sandbox AWS world (sandbox/seed/*.yaml). Shapes follow AWS naming so a reader can map each field to the API
// that returns it. Cross-references (parents, policies, accounts) are checked in validate-seed.ts.

export const accountIdSchema = z.string().regex(/^\d{12}$/, "must be a 12-digit account id (quote it in YAML)");
const policyIdSchema = z.string().regex(/^p-[0-9a-zA-Z_]{8,128}$/, "must look like p-xxxxxxxx (8-128 chars)");
const tagsSchema = z.record(z.string().min(1).max(128), z.string().max(256)).default({});

// An IAM policy document as YAML/JSON. Statement details are validated by the IAM simulator when first used.
export const policyDocumentSchema = z.looseObject({
  Version: z.string().optional(),
  Statement: z.union([z.array(z.record(z.string(), z.unknown())).min(1), z.record(z.string(), z.unknown())]),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

const namedPolicySchema = z.strictObject({ name: z.string().min(1).max(128), document: policyDocumentSchema });

const organizationSchema = z.strictObject({
  id: z.string().regex(/^o-[a-z0-9]{10,32}$/, "must look like o-xxxxxxxxxx"),
  managementAccountId: accountIdSchema,
  featureSet: z.enum(["ALL", "CONSOLIDATED_BILLING"]).default("ALL"),
  // Member accounts registered as delegated administrators may call the Organizations read APIs.
  delegatedAdministrators: z.array(accountIdSchema).default([]),
});

const rootSchema = z.strictObject({
  id: z.string().regex(/^r-[0-9a-z]{4,32}$/, "must look like r-xxxx"),
  name: z.string().min(1).max(250).default("Root"),
  policies: z.array(policyIdSchema).default([]),
  tags: tagsSchema,
});

const ouSchema = z.strictObject({
  id: z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, "must look like ou-xxxx-xxxxxxxx"),
  name: z.string().min(1).max(128),
  parentId: z.string().min(1),
  policies: z.array(policyIdSchema).default([]),
  tags: tagsSchema,
});

const accountSchema = z.strictObject({
  id: accountIdSchema,
  name: z.string().min(1).max(250),
  email: z.email(),
  status: z.enum(["ACTIVE", "SUSPENDED", "PENDING_CLOSURE"]).default("ACTIVE"),
  parentId: z.string().min(1),
  joinedMethod: z.enum(["INVITED", "CREATED"]).default("CREATED"),
  joinedTimestamp: z.iso.datetime().default("2021-01-04T09:00:00Z"),
  policies: z.array(policyIdSchema).default([]),
  tags: tagsSchema,
});

const scpSchema = z.strictObject({
  id: policyIdSchema,
  name: z.string().min(1).max(128),
  description: z.string().max(512).default(""),
  type: z.literal("SERVICE_CONTROL_POLICY").default("SERVICE_CONTROL_POLICY"),
  awsManaged: z.boolean().default(false),
  content: policyDocumentSchema,
});

const userSchema = z.strictObject({
  accountId: accountIdSchema,
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  path: z
    .string()
    .regex(/^\/([\x21-\x7e]*\/)?$/)
    .default("/"),
  accessKeys: z
    .array(
      z.strictObject({
        accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/, "must look like AKIA + 16 upper-case letters/digits"),
        secretAccessKey: z.string().min(16),
      }),
    )
    .default([]),
  policies: z.array(namedPolicySchema).default([]),
  tags: tagsSchema,
});

// A role template: the same role (name, trust, permissions) in every listed account. Policy text may use
// {{accountId}}, {{managementAccountId}}, {{googleIssuerHost}} and {{googleAudience}}; they are filled per account.
const roleSchema = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  path: z
    .string()
    .regex(/^\/([\x21-\x7e]*\/)?$/)
    .default("/"),
  accounts: z.union([z.literal("all"), z.array(accountIdSchema).min(1)]),
  description: z.string().max(1000).default(""),
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  trustPolicy: policyDocumentSchema,
  policies: z.array(namedPolicySchema).default([]),
  tags: tagsSchema,
});

const instanceSchema = z.strictObject({
  id: z.string().regex(/^(i|mi)-[0-9a-f]{8,17}$/, "must look like i-0123456789abcdef0 or mi-0123456789abcdef0"),
  accountId: accountIdSchema,
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  tags: tagsSchema,
  pingStatus: z.enum(["Online", "ConnectionLost", "Inactive"]).default("Online"),
  platformType: z.enum(["Linux", "Windows", "MacOS"]).default("Linux"),
  platformName: z.string().default("Amazon Linux"),
  platformVersion: z.string().default("2023"),
  agentVersion: z.string().default("3.3.1142.0"),
  isLatestVersion: z.boolean().default(true),
  ipAddress: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/),
  computerName: z.string().optional(),
  resourceType: z.enum(["EC2Instance", "ManagedInstance"]).optional(),
  instanceType: z.string().default("t3.micro"),
  imageId: z.string().default("ami-0c02fb55956c7d316"),
  state: z.enum(["running", "stopped"]).default("running"),
  launchTime: z.iso.datetime().default("2024-05-01T08:00:00Z"),
});

export const seedSchema = z.strictObject({
  organization: organizationSchema,
  root: rootSchema,
  organizationalUnits: z.array(ouSchema).default([]),
  accounts: z.array(accountSchema).min(1),
  policies: z.array(scpSchema).default([]),
  regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/)).min(1),
  iam: z.strictObject({ users: z.array(userSchema).default([]), roles: z.array(roleSchema).default([]) }),
  instances: z.array(instanceSchema).default([]),
});

export type Seed = z.infer<typeof seedSchema>;
export type SeedInput = z.input<typeof seedSchema>;
export type SeedAccount = Seed["accounts"][number];
export type SeedUser = Seed["iam"]["users"][number];
export type SeedRole = Seed["iam"]["roles"][number];
export type SeedInstance = Seed["instances"][number];
