// gatehouse policy diff FILE | apply FILE [--message M] [--expect-version N] | show [VERSION] | log
// The access profiles from a file kept in git: what it would change, applying it (administrators only), and reading
// the stored versions back. The server decides everything (validation, the change in access, the version check).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { AccessDiff, Applied, PersonChange, Preview, ProfileVersions, VersionDetail } from "@/lib/profile-versions/policy-api";
import { callJson } from "../api";
import type { Command } from "../command";
import type { CliContext } from "../context";
import { CliError, EXIT, usageError } from "../errors";
import { localTime, table } from "../format";
import { requireSession, type StoredSession } from "../session-store";

const USAGE = `Usage:
  gatehouse policy diff FILE                 what FILE would change: errors (line and field), or who gains and loses what
  gatehouse policy apply FILE [--message M] [--expect-version N]
                                             make FILE the version in force (administrators only)
  gatehouse policy show [VERSION]            print a stored version's text (default: the one in force)
  gatehouse policy log                       list the stored versions

The stored versions are the truth: Gatehouse's own ACCESS_PROFILES_FILE only seeds the first one. Keep the profiles in
git and run "gatehouse policy diff" on a pull request and "gatehouse policy apply" when it merges. apply refuses a file
with errors, a version that would leave no administrator, and, with --expect-version, a change when another version
was applied since (a version check, as on the admin pages). Exit status: 0 done (or nothing to change), 1 refused.
`;

function readPolicyFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

const personLines = (person: PersonChange): string[] => [
  person.email,
  ...(person.admin === undefined ? [] : [`  ${person.admin ? "+ becomes an administrator" : "- is no longer an administrator"}`]),
  ...person.gainedRoles.map((role) => `  + ${role.roleName} in ${role.accountName} (${role.accountId})  [${role.profileId}]`),
  ...person.lostRoles.map((role) => `  - ${role.roleName} in ${role.accountName} (${role.accountId})  [${role.profileId}]`),
  ...person.gainedRules.map((rule) => `  + ${rule.kind} rule: ${rule.summary}  [${rule.profileId}]`),
  ...person.lostRules.map((rule) => `  - ${rule.kind} rule: ${rule.summary}  [${rule.profileId}]`),
];

function describeDiff(diff: AccessDiff, listed: number): string {
  if (diff.people.length === 0) return "No change in effective access.\n";
  const lines = diff.people.flatMap(personLines);
  const more = diff.totals.people - listed;
  return `${lines.join("\n")}\n${more > 0 ? `… and ${more} more ${more === 1 ? "person" : "people"}\n` : ""}`;
}

/** Prints the preview; resolves whether it may be applied. */
function printPreview(ctx: CliContext, file: string, preview: Preview): boolean {
  if (!preview.valid) {
    ctx.stderr(`gatehouse: ${file} is not valid:\n`);
    for (const issue of preview.issues) ctx.stderr(`${file}:${issue.line}:${issue.column} ${issue.path ? `${issue.path}: ` : ""}${issue.message}\n`);
    return false;
  }
  if (preview.unchanged) {
    ctx.stdout(`${file} is the text of version ${preview.baseVersion}, in force now: nothing to change.\n`);
    return true;
  }
  ctx.stdout(
    `${file} against version ${preview.baseVersion} (in force):\n${describeDiff(preview.diff, preview.diff.people.length)}Summary: ${preview.summary}\n`,
  );
  for (const warning of preview.warnings) ctx.stderr(`gatehouse: warning: ${warning}\n`);
  if (preview.refusal) {
    ctx.stderr(`gatehouse: refused: ${preview.refusal}\n`);
    return false;
  }
  return true;
}

async function preview(ctx: CliContext, session: StoredSession, file: string, text: string) {
  const { body } = await callJson<Preview>(ctx, session.url, "POST", "/api/v1/admin/policy/preview", { token: session.token, body: { text } });
  return { body, ok: printPreview(ctx, file, body) };
}

function parseVersion(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw usageError(`${what} must be a version number, got ${JSON.stringify(value)}`, "policy");
  return Number(value);
}

async function apply(ctx: CliContext, session: StoredSession, file: string, options: Record<string, string | boolean | undefined>): Promise<number> {
  const text = readPolicyFile(file);
  const expected = parseVersion(options["expect-version"] as string | undefined, "--expect-version");
  const { body, ok } = await preview(ctx, session, file, text);
  if (!ok || !body.valid) return EXIT.failed;
  if (body.unchanged) return EXIT.ok;
  const message = typeof options.message === "string" ? options.message : `${basename(file)}, applied with gatehouse policy apply`;
  // Without --expect-version, the version just previewed: what was printed is what is applied, or the server says 409.
  const expectedVersion = expected ?? body.baseVersion;
  const { body: applied } = await callJson<Applied>(ctx, session.url, "POST", "/api/v1/admin/policy", {
    token: session.token,
    body: { text, message, expectedVersion },
  });
  ctx.stdout(`Applied: version ${applied.version} is in force (${applied.summary}).\n`);
  return EXIT.ok;
}

async function show(ctx: CliContext, session: StoredSession, version: number | undefined): Promise<number> {
  let wanted = version;
  if (wanted === undefined) {
    const { body } = await callJson<ProfileVersions>(ctx, session.url, "GET", "/api/v1/admin/policy", { token: session.token });
    wanted = body.current;
  }
  const { body } = await callJson<VersionDetail>(ctx, session.url, "GET", `/api/v1/admin/policy/versions/${wanted}`, {
    token: session.token,
  });
  ctx.stdout(body.text.endsWith("\n") ? body.text : `${body.text}\n`);
  return EXIT.ok;
}

async function log(ctx: CliContext, session: StoredSession): Promise<number> {
  const { body } = await callJson<ProfileVersions>(ctx, session.url, "GET", "/api/v1/admin/policy", { token: session.token });
  const rows = body.versions.map((v) => [
    `${v.version}${v.version === body.current ? " *" : ""}`,
    localTime(Date.parse(v.createdAt)),
    v.authorEmail,
    v.restoredFrom ? `restore of ${v.restoredFrom}` : v.source,
    v.message,
  ]);
  ctx.stdout(table(["VERSION", "WHEN", "WHO", "HOW", "MESSAGE"], rows) + "* in force\n");
  return EXIT.ok;
}

export const policy: Command = {
  spec: { name: "policy", options: { message: "string", "expect-version": "string" }, positionals: 2 },
  summary: "diff, apply, show and list the access-profile versions (administrators)",
  usage: USAGE,
  async run(ctx, args) {
    const [verb, target] = args.positionals;
    const needsFile = () => {
      if (!target) throw usageError(`gatehouse policy ${verb} needs a FILE`, "policy");
      return target;
    };
    switch (verb) {
      case "diff": {
        const file = needsFile();
        const text = readPolicyFile(file);
        const { ok } = await preview(ctx, requireSession(ctx), file, text);
        return ok ? EXIT.ok : EXIT.failed;
      }
      case "apply":
        return apply(ctx, requireSession(ctx), needsFile(), args.options);
      case "show":
        return show(ctx, requireSession(ctx), parseVersion(target, "VERSION"));
      case "log":
        if (target) throw usageError("gatehouse policy log takes no argument", "policy");
        return log(ctx, requireSession(ctx));
      default:
        throw usageError(
          verb ? `unknown policy command ${JSON.stringify(verb)}: use diff, apply, show or log` : "say what to do: diff, apply, show or log",
          "policy",
        );
    }
  },
};
