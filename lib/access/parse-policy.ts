import "server-only";
import { LineCounter, parseDocument } from "yaml";
import { locateIssues, type PolicyIssue } from "./locate-issues";
import { accessPolicySchema, type AccessPolicy } from "./schema";

// Parses the access-profile file (YAML, or JSON, which YAML parses too). A bad file is refused as a whole: a
// half-understood access model is worse than none, and the message says exactly where to look.

export type { PolicyIssue };
export type ParsePolicyResult = { ok: true; policy: AccessPolicy } | { ok: false; issues: PolicyIssue[]; message: string };

export class AccessPolicyError extends Error {
  constructor(
    message: string,
    readonly fileName: string,
    readonly issues: PolicyIssue[] = [],
  ) {
    super(message);
    this.name = "AccessPolicyError";
  }
}

const formatIssue = (fileName: string, issue: PolicyIssue) =>
  `${fileName}:${issue.line}:${issue.column} ${issue.path ? `${issue.path}: ` : ""}${issue.message}`;

function refuse(fileName: string, issues: PolicyIssue[]): ParsePolicyResult {
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, issues: sorted, message: sorted.map((issue) => formatIssue(fileName, issue)).join("\n") };
}

/** Parses and validates profile-file text; `fileName` only labels the messages. */
export function parseAccessPolicy(text: string, fileName = "access-profiles.yaml"): ParsePolicyResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return refuse(
      fileName,
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { line, column: col, path: "", message: `YAML syntax: ${error.message.split(" at line ")[0]}` };
      }),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 50 });
  const parsed = accessPolicySchema.safeParse(data);
  if (!parsed.success) return refuse(fileName, locateIssues(doc, lineCounter, parsed.error.issues));
  return { ok: true, policy: parsed.data };
}
