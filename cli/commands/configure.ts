// gatehouse configure [--dry-run] [--region REGION]: one AWS profile per permitted role, in the block of the AWS
// config file that Gatehouse owns (aws-config-block.ts), each running `gatehouse credentials` as its
// credential_process with absolute paths (process-command.ts).
import { readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { stringOption } from "../args";
import { lineEndingOf, profilesOutsideBlock, renderBlock, withBlock, type ProfileEntry } from "../aws-config-block";
import type { Command } from "../command";
import type { CliContext } from "../context";
import { usageError } from "../errors";
import { awsConfigFile, displayPath } from "../paths";
import { ensurePrivateDir, writeFileAtomic } from "../private-files";
import { credentialProcessLine } from "../process-command";
import { listRoles, type PermittedRole } from "../roles";
import { requireSession } from "../session-store";

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

function readExisting(file: string): { text: string | null; mode: number } {
  try {
    return { text: readFileSync(file, "utf8"), mode: statSync(file).mode & 0o777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { text: null, mode: 0o600 };
    throw error;
  }
}

/** The profiles to write, named by profileNameFor; a clash is reported on stderr and resolved, never written twice. */
export function profileEntries(ctx: CliContext, roles: PermittedRole[], taken: Set<string>, region?: string): ProfileEntry[] {
  const entries: ProfileEntry[] = [];
  const used = new Set<string>();
  const sorted = [...roles].sort((a, b) => a.profileName.localeCompare(b.profileName) || a.accountId.localeCompare(b.accountId));
  for (const role of sorted) {
    let name = role.profileName;
    if (used.has(name)) {
      const renamed = `${name}-${role.accountId}`;
      ctx.stderr(`gatehouse: two roles would both be profile ${name}; ${role.accountName} (${role.accountId}) ${role.roleName} is ${renamed}\n`);
      name = renamed;
    }
    if (taken.has(name)) {
      ctx.stderr(`gatehouse: skipped profile ${name}: the AWS config file already defines it outside Gatehouse's block\n`);
      continue;
    }
    used.add(name);
    const command = credentialProcessLine(ctx.program, ["credentials", "--account", role.accountId, "--role", role.roleName]);
    const settings: Array<[string, string]> = [["credential_process", command]];
    if (region) settings.push(["region", region]);
    entries.push({ name, comment: `${role.accountName} (${role.accountId}), role ${role.roleName}`, settings });
  }
  return entries;
}

export const configure: Command = {
  spec: { name: "configure", options: { "dry-run": "boolean", region: "string" } },
  summary: "write an AWS profile for every role you may use into ~/.aws/config",
  usage: `Usage: gatehouse configure [--dry-run] [--region REGION]

Writes one profile per role you may use into the AWS config file (AWS_CONFIG_FILE, or ~/.aws/config), named
like gh-api-dev-developer, each with credential_process running gatehouse credentials. They live between the
lines "# >>> gatehouse" and "# <<< gatehouse"; the rest of the file is left exactly as it is, and running this
again replaces the block (run it when your access changes). Then, for example:
  aws sts get-caller-identity --profile gh-api-dev-developer

Options:
  --dry-run         print the block instead of writing it
  --region REGION   also set region in every profile, e.g. eu-west-1
`,
  async run(ctx, args) {
    const region = stringOption(args, "region");
    if (region && !REGION.test(region)) throw usageError(`--region ${JSON.stringify(region)} is not an AWS region like us-east-1`, "configure");
    const session = requireSession(ctx);
    const roles = await listRoles(ctx, session);
    const given = awsConfigFile(ctx);
    let file = given;
    try {
      file = realpathSync(given); // a symlinked config (dotfiles) is written where it points, the link kept
    } catch {
      /* no file yet */
    }
    const existing = readExisting(file);
    const entries = profileEntries(ctx, roles, profilesOutsideBlock(existing.text), region);
    const header = `(written by gatehouse configure for ${session.url}; edits inside this block are replaced)`;
    const block = renderBlock(header, entries, lineEndingOf(existing.text));
    const shown = displayPath(ctx, given);
    if (args.options["dry-run"]) {
      ctx.stdout(`Would write ${entries.length} profile${entries.length === 1 ? "" : "s"} into ${shown}:\n\n${block}`);
      return 0;
    }
    const next = withBlock(existing.text, block);
    if (next === existing.text) {
      ctx.stdout(`${shown} is up to date (${entries.length} Gatehouse profile${entries.length === 1 ? "" : "s"}).\n`);
      return 0;
    }
    ensurePrivateDir(path.dirname(file));
    writeFileAtomic(file, next, existing.mode);
    const names = entries.map((entry) => `  ${entry.name}`).join("\n");
    ctx.stdout(`Wrote ${entries.length} profile${entries.length === 1 ? "" : "s"} into ${shown}:\n${names}\n`);
    if (entries[0]) ctx.stdout(`Try: aws sts get-caller-identity --profile ${entries[0].name}\n`);
    return 0;
  },
};
