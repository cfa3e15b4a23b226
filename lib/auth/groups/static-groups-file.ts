import "server-only";
import { readFile, stat } from "node:fs/promises";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { GroupSourceError, normalizeGroupEmails, type GroupSource, type GroupUser } from "./group-source";

// The static groups file (config/demo/groups.yaml shows the format): small teams list their groups here instead of
// granting Gatehouse Admin SDK access. The sandbox's fake Directory API serves the same file.

export type StaticGroup = { email: string; name: string; description?: string; members: string[] };

const emailSchema = z
  .string({ error: "must be an e-mail address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be an e-mail address" }));

const groupSchema = z.strictObject(
  {
    name: z.string({ error: "name is required (the group's display name)" }).trim().min(1, "name must not be empty"),
    description: z.string({ error: "description must be text" }).optional(),
    // `members:` left empty in YAML is null: treat it as a group with no members yet.
    members: z.array(emailSchema, { error: "members must be a list of e-mail addresses" }).nullish(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? undefined : "each group must be a mapping with name and members") },
);

const fileSchema = z.strictObject(
  { groups: z.record(z.string(), groupSchema, { error: "groups must map group e-mail addresses to groups" }) },
  { error: (issue) => (issue.code === "unrecognized_keys" ? undefined : "the file must contain a top-level `groups:` mapping") },
);

/** Parses and validates the YAML text; errors name the file, the line and the field. */
export function parseStaticGroupsYaml(text: string, sourceName = "groups file"): StaticGroup[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new GroupSourceError("config", `${sourceName}: invalid YAML: ${yamlError.message}`);
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => describeIssue(doc, lineCounter, issue));
    throw new GroupSourceError("config", `${sourceName} is invalid:\n${lines.map((l) => `  - ${l}`).join("\n")}`);
  }

  const groups = new Map<string, StaticGroup>();
  const problems: string[] = [];
  for (const [key, group] of Object.entries(parsed.data.groups)) {
    const email = emailSchema.safeParse(key);
    const where = `line ${lineOf(doc, lineCounter, ["groups", key])}, groups[${JSON.stringify(key)}]`;
    if (!email.success) {
      problems.push(`${where}: the group key must be the group's e-mail address`);
    } else if (groups.has(email.data)) {
      problems.push(`${where}: ${email.data} is listed twice (addresses are compared case-insensitively)`);
    } else {
      groups.set(email.data, {
        email: email.data,
        name: group.name,
        ...(group.description === undefined ? {} : { description: group.description }),
        members: normalizeGroupEmails(group.members ?? []),
      });
    }
  }
  if (problems.length > 0) {
    throw new GroupSourceError("config", `${sourceName} is invalid:\n${problems.map((l) => `  - ${l}`).join("\n")}`);
  }
  return [...groups.values()];
}

export async function loadStaticGroupsFile(file: string): Promise<StaticGroup[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new GroupSourceError("config", `Cannot read the groups file ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseStaticGroupsYaml(text, file);
}

/** Group memberships from a fixed list (used directly by tests, and by the file-backed source). */
export function listStaticGroupsFor(groups: readonly StaticGroup[], user: GroupUser): string[] {
  const email = user.email.trim().toLowerCase();
  return normalizeGroupEmails(groups.filter((g) => g.members.includes(email)).map((g) => g.email));
}

/**
 * Reads the file at creation (so a broken file stops start-up) and again whenever its modification time changes,
 * so an edit applies without a restart. A broken edit makes listGroups fail loudly rather than serve stale groups.
 */
export async function createStaticGroupSource(options: { file: string }): Promise<GroupSource> {
  let groups = await loadStaticGroupsFile(options.file);
  let loadedMtime = await modificationTime(options.file);
  return {
    async listGroups(user) {
      const mtime = await modificationTime(options.file);
      if (mtime !== loadedMtime) {
        groups = await loadStaticGroupsFile(options.file);
        loadedMtime = mtime;
      }
      return listStaticGroupsFor(groups, user);
    },
  };
}

async function modificationTime(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs;
  } catch (cause) {
    throw new GroupSourceError("config", `Cannot read the groups file ${file}: ${(cause as Error).message}`, { cause });
  }
}

function describeIssue(doc: Document, lineCounter: LineCounter, issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const field = formatPath(path) || "(top level)";
  const value = doc.getIn(path);
  const shown = value !== undefined && (typeof value !== "object" || value === null) ? ` (found ${JSON.stringify(value)})` : "";
  const message = issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message;
  // An unknown field is easiest to find at its own line.
  const linePath = issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
  return `line ${lineOf(doc, lineCounter, linePath)}, ${field}: ${message}${shown}`;
}

/**
 * The line of the deepest entry on `path` that exists: a mapping entry is reported at its key, a list item at the item,
 * and a missing field at its parent's key.
 */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number {
  const lineAt = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  let node: unknown = doc.contents;
  let line = lineAt(node) ?? 1;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      line = lineAt(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
      line = lineAt(node) ?? line;
    } else {
      break;
    }
  }
  return line;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? `${i === 0 ? "" : "."}${p}` : `[${JSON.stringify(p)}]`)).join("");
}
