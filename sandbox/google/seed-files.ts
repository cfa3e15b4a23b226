import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";

// The sandbox reads the same files Gatehouse does: sandbox/seed/google-users.yaml (who can "sign in with Google")
// and config/demo/groups.yaml (their groups, served by the fake Directory API). The sandbox keeps its own small
// reader because lib/auth modules are server-only; tests check both readers agree on the demo file.

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_USERS_FILE = `${repoRoot}sandbox/seed/google-users.yaml`;
export const DEFAULT_GROUPS_FILE = `${repoRoot}config/demo/groups.yaml`;

const email = z.string().trim().toLowerCase().pipe(z.email());

const userSchema = z.strictObject({
  sub: z.string({ error: "sub must be a quoted string of digits (YAML turns long numbers into floats)" }).regex(/^\d{1,255}$/),
  name: z.string().min(1),
  email,
  hd: z.string().trim().toLowerCase().min(1).optional(),
  email_verified: z.boolean(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  picture: z.url().optional(),
});
export type SandboxUser = z.infer<typeof userSchema>;

const groupSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  members: z.array(email).nullish(),
});
export type SandboxGroup = { email: string; name: string; description?: string; members: string[] };

export function loadSandboxUsers(file: string): SandboxUser[] {
  const parsed = z.object({ users: z.array(userSchema) }).safeParse(readYaml(file));
  if (!parsed.success) throw new Error(`${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  const seen = new Set<string>();
  for (const user of parsed.data.users) {
    for (const key of [user.sub, user.email]) {
      if (seen.has(key)) throw new Error(`${file}: ${key} appears twice`);
      seen.add(key);
    }
  }
  return parsed.data.users;
}

export function loadSandboxGroups(file: string): SandboxGroup[] {
  const parsed = z.object({ groups: z.record(email, groupSchema) }).safeParse(readYaml(file));
  if (!parsed.success) throw new Error(`${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  return Object.entries(parsed.data.groups)
    .map(([groupEmail, group]) => ({
      email: groupEmail.toLowerCase(),
      name: group.name,
      ...(group.description === undefined ? {} : { description: group.description }),
      members: [...new Set((group.members ?? []).map((m) => m.toLowerCase()))],
    }))
    .sort((a, b) => a.email.localeCompare(b.email));
}

function readYaml(file: string): unknown {
  return parse(readFileSync(file, "utf8"), { uniqueKeys: true });
}
