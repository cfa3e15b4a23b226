import { z } from "zod";

// What the admin pages and `gatehouse policy` send. The text is checked for size here and for meaning by
// parseAccessPolicy (line and field); the version numbers are the optimistic lock that serializes changes.

/** Largest profile text accepted: far above any real file (the demo's is 3 KiB), far below what could hurt. */
export const MAX_POLICY_TEXT_BYTES = 256 * 1024;
/** The routes that take profile text read bodies up to this size (the text, JSON-escaped, and a message). */
export const POLICY_BODY_BYTES = 2 * MAX_POLICY_TEXT_BYTES + 4096;

const policyText = z
  .string({ error: "expected the access-profile text (YAML or JSON) as a string" })
  .refine((text) => text.trim().length > 0, { error: "the access-profile text is empty" })
  .refine((text) => Buffer.byteLength(text, "utf8") <= MAX_POLICY_TEXT_BYTES, { error: `expected at most ${MAX_POLICY_TEXT_BYTES / 1024} KiB of text` });
const versionNumber = (what: string) =>
  z
    .int({ error: `expected ${what} as a whole number` })
    .min(0)
    .max(1_000_000_000);
const message = z
  .string({ error: "expected a message saying what the change is for" })
  .trim()
  .min(1, { error: "say what the change is for (a message)" })
  .max(500, { error: "expected a message of at most 500 characters" });

export const previewInputSchema = z.union([z.strictObject({ text: policyText }), z.strictObject({ restore: versionNumber("the version to restore") })], {
  error: "expected { text } (new profile text) or { restore } (an earlier version number)",
});
export type PreviewInput = z.output<typeof previewInputSchema>;

export const applyInputSchema = z.strictObject({
  text: policyText,
  message,
  expectedVersion: versionNumber("the version the change was made from (expectedVersion)"),
});
export type ApplyInput = z.output<typeof applyInputSchema>;

export const restoreInputSchema = z.strictObject({
  version: versionNumber("the version to restore"),
  message: message.optional(),
  expectedVersion: versionNumber("the version in force when the restore was previewed (expectedVersion)"),
});
export type RestoreInput = z.output<typeof restoreInputSchema>;

export const versionParamsSchema = z.object({ version: z.coerce.number({ error: "expected a version number" }).pipe(versionNumber("a version number")) });
