// Which of the SCPs on an account's path stop an action: AWS's simulation says only *that* the SCPs refuse
// (OrganizationsDecisionDetail.AllowedByOrganizations = false), never which one, so Gatehouse reads the SCP texts it
// already stores with the organization tree and matches them itself (docs/explaining-access.md, "Which SCP").
// A deliberately small matcher: Action/NotAction and Resource/NotResource with * and ? wildcards, and the String
// condition operators on the keys given. A condition it cannot judge makes the statement "may apply", never "applies".

export type ScpDocument = { policyId: string; policyName: string; attachedTo: string; content: string };
export type ScpFinding = {
  policyId: string;
  policyName: string;
  /** The root, OU or account the policy is attached to (its name). */
  attachedTo: string;
  /** The statement's Sid, or its position. */
  statement: string;
  /** deny: a Deny statement matches; no-allow: nothing attached at this level allows the action (SCPs are an allow list per level). */
  kind: "deny" | "no-allow";
  certain: boolean;
};

type Statement = {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(value);
}

const anyMatch = (patterns: string[], value: string, caseInsensitive: boolean) => patterns.some((pattern) => wildcard(pattern, value, caseInsensitive));

/** true / false when the condition block is decided by the context; null when it uses something this matcher cannot judge. */
function conditionHolds(condition: Statement["Condition"], context: Record<string, string>): boolean | null {
  if (!condition) return true;
  let unknown = false;
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, raw] of Object.entries(keys)) {
      const values = list(raw)!;
      const given = Object.entries(context).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
      if (given === undefined) {
        unknown = true;
        continue;
      }
      const holds = (() => {
        switch (operator) {
          case "StringEquals":
            return values.includes(given);
          case "StringNotEquals":
            return !values.includes(given);
          case "StringEqualsIgnoreCase":
            return values.some((value) => value.toLowerCase() === given.toLowerCase());
          case "StringNotEqualsIgnoreCase":
            return !values.some((value) => value.toLowerCase() === given.toLowerCase());
          case "StringLike":
            return anyMatch(values, given, false);
          case "StringNotLike":
            return !anyMatch(values, given, false);
          default:
            return null;
        }
      })();
      if (holds === null) unknown = true;
      else if (!holds) return false;
    }
  }
  return unknown ? null : true;
}

/** true / false when decided; null when the statement's condition cannot be judged here. */
function statementApplies(statement: Statement, action: string, resource: string, context: Record<string, string>): boolean | null {
  const actions = list(statement.Action);
  const notActions = list(statement.NotAction);
  if (actions && !anyMatch(actions, action, true)) return false;
  if (notActions && anyMatch(notActions, action, true)) return false;
  const resources = list(statement.Resource);
  const notResources = list(statement.NotResource);
  if (resources && !anyMatch(resources, resource, false)) return false;
  if (notResources && anyMatch(notResources, resource, false)) return false;
  return conditionHolds(statement.Condition, context);
}

function statementsOf(content: string): Statement[] {
  try {
    const parsed = JSON.parse(content) as { Statement?: Statement | Statement[] };
    return Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  } catch {
    return [];
  }
}

/**
 * The SCP statements that stop `action` on `resource`: every Deny that matches (or may), and every level of the path
 * (root, each OU, the account) where no attached policy allows it. `levels` is ordered root → account.
 */
export function findBlockingScps(levels: ScpDocument[][], action: string, resource: string, context: Record<string, string>): ScpFinding[] {
  const findings: ScpFinding[] = [];
  for (const level of levels) {
    let allowed: boolean | null = false;
    for (const document of level) {
      statementsOf(document.content).forEach((statement, index) => {
        const applies = statementApplies(statement, action, resource, context);
        if (applies === false) return;
        if (statement.Effect === "Deny") {
          findings.push({ ...pick(document), statement: statement.Sid ?? `statement ${index + 1}`, kind: "deny", certain: applies === true });
        } else if (statement.Effect === "Allow" && allowed !== true) {
          allowed = applies === true ? true : null;
        }
      });
    }
    const [first] = level;
    if (allowed === false && first) {
      findings.push({
        policyId: level.map((d) => d.policyId).join(", "),
        policyName: level.map((d) => d.policyName).join(", "),
        attachedTo: first.attachedTo,
        statement: "(no Allow)",
        kind: "no-allow",
        certain: true,
      });
    }
  }
  return findings;
}

const pick = (document: ScpDocument) => ({ policyId: document.policyId, policyName: document.policyName, attachedTo: document.attachedTo });
