import "server-only";
import { parseAccessPolicy, type AccessPolicy } from "@/lib/access";
import { forgetCachedPolicy, sha256Of, type CurrentPolicy } from "@/lib/access/policy-store";
import type { Actor } from "@/lib/actor/actor";
import { listMatrixPeople, mergePeople } from "@/lib/admin-access/people-source";
import type { AuditAction } from "@/lib/audit/actions";
import { recordAudit, recordAuditWith } from "@/lib/audit/record";
import { ServiceError } from "@/lib/errors";
import { listAccounts } from "@/lib/org/accounts";
import { diffEffectiveAccess, summarizeDiff } from "./access-diff";
import type { ApplyInput, PreviewInput, RestoreInput } from "./change-input";
import type { AccessDiff, Applied, Preview } from "./policy-api";
import { requireProfileAdmin as requireAdmin } from "./require-admin";
import { findVersion, insertVersion, type VersionSource } from "./versions-store";

// Safe changes to the access profiles: preview (validation errors with line and field, or the change in effective
// access), apply and restore. Administrators only. A change is refused if the text is invalid, if it would leave
// nobody administering Gatehouse, or if another version was applied since the one it was made from (a version check,
// not last-write-wins). Every change, and every refused attempt, is audited; a change's record carries its diff.

/** People listed in a diff answer; the totals count all of them. */
const LISTED_PEOPLE = 200;

/** The change in effective access, for everyone the group source knows and the person asking. */
async function diffAgainst(actor: Actor, before: AccessPolicy, after: AccessPolicy): Promise<AccessDiff> {
  const [known, accounts] = await Promise.all([listMatrixPeople(), listAccounts()]);
  const people = mergePeople(known, [{ email: actor.email, groups: actor.groups }]);
  const diff = diffEffectiveAccess({ people, accounts, before, after });
  return { ...diff, people: diff.people.slice(0, LISTED_PEOPLE) };
}

function judge(actor: Actor, diff: AccessDiff): { refusal: string | null; warnings: string[] } {
  const refusal =
    diff.adminsAfter.length === 0
      ? "This version would leave nobody administering Gatehouse: no person Gatehouse knows of would hold an administrator profile (admin: true). Keep at least one administrator profile granted to a group or person."
      : null;
  const self = diff.people.find((person) => person.email.toLowerCase() === actor.email.toLowerCase());
  const warnings = self?.admin === false ? ["You would no longer be an administrator: after applying, you cannot change the profiles again."] : [];
  return { refusal, warnings };
}

async function previewText(actor: Actor, current: CurrentPolicy, text: string, label: string): Promise<Preview> {
  const parsed = parseAccessPolicy(text, label);
  if (!parsed.ok) return { valid: false, baseVersion: current.version, issues: parsed.issues, message: parsed.message };
  const diff = await diffAgainst(actor, current.policy, parsed.policy);
  return {
    valid: true,
    baseVersion: current.version,
    unchanged: sha256Of(text) === current.sha256,
    diff,
    summary: summarizeDiff(diff),
    ...judge(actor, diff),
  };
}

async function requireVersion(version: number) {
  const row = await findVersion(version);
  if (!row) throw new ServiceError("not-found", `There is no version ${version} of the access profiles.`);
  return row;
}

export async function previewProfileChange({ actor, input }: { actor: Actor; input: PreviewInput }): Promise<Preview> {
  const current = await requireAdmin(actor);
  if ("text" in input) return previewText(actor, current, input.text, "new version");
  const earlier = await requireVersion(input.restore);
  return previewText(actor, current, earlier.text, `version ${earlier.version}`);
}

type Change = { text: string; message: string; expectedVersion: number; source: VersionSource; restoredFrom?: number; action: AuditAction };

async function refused(actor: Actor, action: AuditAction, error: ServiceError): Promise<never> {
  await recordAudit({ action, outcome: "denied", actor, detail: `${error.code}: ${error.message}` });
  throw error;
}

async function change(actor: Actor, request: Change): Promise<Applied> {
  let current: CurrentPolicy;
  try {
    current = await requireAdmin(actor);
  } catch (error) {
    if (error instanceof ServiceError && error.code === "not-admin") return refused(actor, request.action, error);
    throw error;
  }
  if (request.expectedVersion !== current.version) {
    return refused(
      actor,
      request.action,
      new ServiceError(
        "conflict",
        `Version ${current.version} is in force now, not version ${request.expectedVersion} that this change was made from. Preview the change again against version ${current.version}.`,
        { details: { currentVersion: current.version } },
      ),
    );
  }
  const preview = await previewText(actor, current, request.text, request.restoredFrom ? `version ${request.restoredFrom}` : "new version");
  if (!preview.valid) return refused(actor, request.action, new ServiceError("invalid-input", `The profiles are not valid:\n${preview.message}`));
  if (preview.unchanged) return { version: current.version, unchanged: true, summary: "already in force", diff: preview.diff };
  if (preview.refusal) return refused(actor, request.action, new ServiceError("invalid-input", preview.refusal));
  const parsed = parseAccessPolicy(request.text);
  const version = current.version + 1;
  const restored = request.restoredFrom ? ` (restores version ${request.restoredFrom})` : "";
  await recordAuditWith(
    {
      action: request.action,
      outcome: "allowed",
      actor,
      detail: `version ${version} from ${current.version}${restored}, "${request.message}": ${preview.summary}`,
    },
    (tx) =>
      insertVersion(tx, {
        version,
        text: request.text,
        sha256: sha256Of(request.text),
        content: parsed.ok ? parsed.policy : null,
        message: request.message,
        source: request.source,
        restoredFrom: request.restoredFrom ?? null,
        author: actor,
        diff: preview.diff,
      }),
  ).catch(async (error: unknown) => {
    if (error instanceof ServiceError && error.code === "conflict") return refused(actor, request.action, error);
    throw error;
  });
  forgetCachedPolicy();
  return { version, unchanged: false, summary: preview.summary, diff: preview.diff };
}

const sourceOf = (actor: Actor): VersionSource => (actor.via === "cli-token" ? "command-line" : "admin-page");

export async function applyProfileChange({ actor, input }: { actor: Actor; input: ApplyInput }): Promise<Applied> {
  return change(actor, { ...input, source: sourceOf(actor), action: "policy.apply" });
}

export async function restoreProfileVersion({ actor, input }: { actor: Actor; input: RestoreInput }): Promise<Applied> {
  const earlier = await findVersion(input.version);
  if (!earlier) return refused(actor, "policy.restore", new ServiceError("not-found", `There is no version ${input.version} of the access profiles.`));
  return change(actor, {
    text: earlier.text,
    message: input.message ?? `Restore version ${earlier.version}`,
    expectedVersion: input.expectedVersion,
    source: "restore",
    restoredFrom: earlier.version,
    action: "policy.restore",
  });
}
