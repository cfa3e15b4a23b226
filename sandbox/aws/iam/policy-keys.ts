// Which request facts can change a decision: the condition keys and ${policy variables} that the policies in
// play mention. The decision cache keys on those alone, so a thousand users assuming the same role with
// different session names share one simulation unless a policy actually looks at the session name.

export interface PolicyReferences {
  /** Lower-cased condition keys and policy-variable names found in the policies. */
  keys: Set<string>;
  /** True when a Principal names an assumed-role session ARN, so the exact caller ARN matters. */
  namesSessions: boolean;
}

const VARIABLE = /\$\{([^},]+)/g;

export function findPolicyReferences(documents: unknown[]): PolicyReferences {
  const keys = new Set<string>();
  let namesSessions = false;
  const visit = (value: unknown, parentKey?: string): void => {
    if (typeof value === "string") {
      for (const match of value.matchAll(VARIABLE)) keys.add(match[1]!.trim().toLowerCase());
      if (value.includes(":assumed-role/")) namesSessions = true;
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, parentKey);
      return;
    }
    if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        // Inside Condition: { Operator: { "<condition key>": values } }.
        if (parentKey === "Condition" && child && typeof child === "object") {
          for (const conditionKey of Object.keys(child)) keys.add(conditionKey.toLowerCase());
        }
        visit(child, key);
      }
    }
  };
  for (const document of documents) visit(document);
  return { keys, namesSessions };
}

/** The context entries a decision can depend on, in a stable order for use in a cache key. */
export function relevantContext(context: Record<string, string | string[]>, references: PolicyReferences): [string, string | string[]][] {
  return Object.entries(context)
    .filter(([key]) => references.keys.has(key.toLowerCase()))
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
