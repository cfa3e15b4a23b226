import "server-only";
import { z } from "zod";
import { accountIdSchema, emailSchema, ouIdSchema, profileIdSchema, regionSchema, roleArnSchema, roleNameSchema } from "./ids";
import { parsePortSpec, parseRemoteHostPattern } from "./forward-match";

// The access-profile file: which Google groups/users get which Custodian role, which roles that profile may
// assume in which accounts, which instances it may open shells on, and where it may forward ports to. Every object is strict so a misspelt key
// is refused instead of silently granting (or withholding) access.

const nonEmptyList = <T extends z.ZodType>(item: T, what: string) => {
  const error = `expected a non-empty list of ${what}`;
  return z.array(item, { error }).min(1, { error });
};

const allOrList = <T extends z.ZodType>(item: T, what: string) => {
  const error = `expected "all" or a non-empty list of ${what}`;
  return z.union([z.literal("all"), z.array(item).min(1, { error })], { error });
};

const accountSelectorShape = {
  accounts: allOrList(accountIdSchema, "12-digit account ids").optional(),
  // Matches every account whose OU path contains one of these OUs, so nested OUs and accounts moved in later count.
  ous: nonEmptyList(ouIdSchema, "OU ids").optional(),
  excludeAccounts: nonEmptyList(accountIdSchema, "12-digit account ids").optional(),
};

function requireAccountTarget(rule: { accounts?: unknown; ous?: unknown }, ctx: z.RefinementCtx) {
  if (rule.accounts === undefined && rule.ous === undefined) {
    ctx.addIssue({ code: "custom", message: "needs accounts or ous to say which accounts the rule covers" });
  }
}

const tagKeyError = "expected a tag key of 1-128 characters";
const tagKeySchema = z.string({ error: tagKeyError }).min(1, { error: tagKeyError }).max(128, { error: tagKeyError });
const tagPatternSchema = z.string({ error: "expected a tag value pattern (a string; * and ? are wildcards)" }).max(256);
// `Name: Develop` and `Name: [Develop, Staging]` both mean "Name is one of these"; a lone value becomes a list.
const tagValuesError = "expected a tag value pattern or a non-empty list of them (strings; * and ? are wildcards)";
const tagValuesSchema = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value),
  z.array(tagPatternSchema, { error: tagValuesError }).min(1, { error: tagValuesError }),
);
// zod leaves a "__proto__" key out of the parsed mapping, which would silently drop that condition (or exclusion),
// so it is refused while the raw mapping is still at hand.
const tagConditionsSchema = z.preprocess(
  (value, ctx) => {
    if (value !== null && typeof value === "object" && Object.hasOwn(value, "__proto__")) {
      ctx.addIssue({ code: "custom", path: ["__proto__"], message: "tag key __proto__ is not supported", params: { atKey: true } });
    }
    return value;
  },
  z.record(tagKeySchema, tagValuesSchema, { error: "expected a mapping of tag key to value patterns, e.g. { Name: [Develop] }" }),
);

export const accountRoleRuleSchema = z
  .strictObject({ ...accountSelectorShape, roles: nonEmptyList(roleNameSchema, "role names") })
  .superRefine(requireAccountTarget);

export const instanceRuleSchema = z
  .strictObject({
    ...accountSelectorShape,
    regions: allOrList(regionSchema, "regions"),
    // Every listed key must be present with a value matching one of its patterns.
    tags: tagConditionsSchema.optional(),
    // An instance with any listed key matching one of its patterns is left out.
    excludeTags: tagConditionsSchema.optional(),
    // The target-account role a shell is started (and instances are listed) with.
    role: roleNameSchema,
  })
  .superRefine(requireAccountTarget);

// Ports are numbers (5432) or ranges ("8000-8099"); remote hosts are "host:port" patterns checked when the file is
// read, kept as written (the stored policy is parsed again on every instance).
const portSpecError = "expected a port (1-65535) or a range like 8000-8099";
const portSpecSchema = z.union([z.int(), z.string()], { error: portSpecError }).refine((value) => parsePortSpec(value) !== null, { error: portSpecError });
const remoteHostError =
  'expected "host:port" where host is a name (wildcards * and ?), an IPv4 address or a [bracketed] IPv6 address, and port a port, a range or *, e.g. *.rds.amazonaws.com:5432';
const remoteHostPatternSchema = z.string({ error: remoteHostError }).refine((value) => parseRemoteHostPattern(value) !== null, { error: remoteHostError });

export const portForwardRuleSchema = z
  .strictObject({
    ...accountSelectorShape,
    regions: allOrList(regionSchema, "regions"),
    // Which instances, as for shells.
    tags: tagConditionsSchema.optional(),
    excludeTags: tagConditionsSchema.optional(),
    // The target-account role StartSession is called with.
    role: roleNameSchema,
    // AWS-StartPortForwardingSession: ports on the instance itself.
    ports: nonEmptyList(portSpecSchema, "ports").optional(),
    // AWS-StartPortForwardingSessionToRemoteHost: hosts reachable from the instance, as host:port patterns.
    remoteHosts: nonEmptyList(remoteHostPatternSchema, "host:port patterns").optional(),
    // AWS-StartSSHSession: the instance's SSH ports.
    sshPorts: nonEmptyList(portSpecSchema, "ports").optional(),
  })
  .superRefine(requireAccountTarget)
  .superRefine((rule, ctx) => {
    if (rule.ports === undefined && rule.remoteHosts === undefined && rule.sshPorts === undefined) {
      ctx.addIssue({ code: "custom", message: "needs ports, remoteHosts or sshPorts to say where it forwards to" });
    }
  });

const sessionError = "expected whole seconds between 900 and 43200";
const flag = (what: string) => z.boolean({ error: `expected true or false (${what})` });

export const accessProfileSchema = z.strictObject({
  id: profileIdSchema,
  name: z.string({ error: "expected a display name" }).min(1, { error: "expected a display name" }),
  description: z.string({ error: "expected a description (text)" }).optional(),
  custodianRole: roleArnSchema,
  grantedTo: z.strictObject({
    groups: z.array(emailSchema, { error: "expected a list of Google group emails" }).default([]),
    users: z.array(emailSchema, { error: "expected a list of user emails" }).default([]),
  }),
  // Grants the portal's administrative actions (sync the org, read every audit event and session).
  admin: flag("admin").default(false),
  accountRoles: z.array(accountRoleRuleSchema, { error: "expected a list of account role rules" }).default([]),
  instances: z.array(instanceRuleSchema, { error: "expected a list of instance rules" }).default([]),
  portForwarding: z.array(portForwardRuleSchema, { error: "expected a list of port-forwarding rules" }).default([]),
  requireReason: z
    .strictObject({
      console: flag("requireReason.console").default(false),
      shell: flag("requireReason.shell").default(false),
      forward: flag("requireReason.forward").default(false),
    })
    .default({ console: false, shell: false, forward: false }),
  // Console/shell session cap; AWS accepts 900-43200 s, though chained role sessions end after 3600 s anyway.
  maxSessionSeconds: z.int({ error: sessionError }).min(900, { error: sessionError }).max(43200, { error: sessionError }).optional(),
});

// Duplicate ids are reported even when other fields are wrong too, so one pass over the file shows every problem.
function findDuplicateIds(value: unknown, ctx: z.RefinementCtx) {
  const profiles = (value as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(profiles)) return;
  const seen = new Map<string, number>();
  profiles.forEach((profile: unknown, index) => {
    const id = (profile as { id?: unknown } | null)?.id;
    if (typeof id !== "string") return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else ctx.addIssue({ code: "custom", path: ["profiles", index, "id"], message: `duplicate profile id "${id}" (also profiles[${first}])` });
  });
}

export const accessPolicySchema = z
  .strictObject(
    {
      version: z.literal(1, { error: "expected 1 (the only profile-file version)" }),
      profiles: z.array(accessProfileSchema, { error: "expected a list of profiles" }),
    },
    { error: "expected a mapping with `version: 1` and `profiles`" },
  )
  .check(z.superRefine(findDuplicateIds, { when: () => true }));

export type AccessPolicy = z.output<typeof accessPolicySchema>;
export type AccessProfile = z.output<typeof accessProfileSchema>;
export type AccountRoleRule = z.output<typeof accountRoleRuleSchema>;
export type InstanceRule = z.output<typeof instanceRuleSchema>;
export type PortForwardRule = z.output<typeof portForwardRuleSchema>;
export type TagConditions = Record<string, string[]>;
export type AccountSelector = Pick<AccountRoleRule, "accounts" | "ous" | "excludeAccounts">;
