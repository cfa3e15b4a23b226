import "server-only";
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from "yaml";
import type { z } from "zod";

// Turns zod issues on the parsed data back into places in the YAML text, so a refused file names the line,
// column and field path at fault rather than a bare "Invalid input".

export type PolicyIssue = { line: number; column: number; path: string; message: string };
type FlatIssue = { path: PropertyKey[]; message: string; atKey: boolean };

/** Unwraps unions to the branch the value was meant for and splits unknown-key issues into one per key. */
export function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FlatIssue[] {
  return issues.flatMap((issue): FlatIssue[] => {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"`, atKey: true }));
      case "invalid_key":
        return [{ path, message: issue.issues[0]?.message ?? issue.message, atKey: true }];
      case "invalid_union": {
        // A branch whose issues go deeper than its root accepted the value's type (e.g. a list with one bad id):
        // its issues say more than the union's summary.
        const typed = issue.errors.filter((branch) => branch.some((i) => i.path.length > 0 || !["invalid_type", "invalid_value"].includes(i.code)));
        return typed.length === 1 && typed[0] ? flattenIssues(typed[0], path) : [{ path, message: issue.message, atKey: false }];
      }
      case "custom":
        // A refinement about a key (not its value) asks to be located at the key.
        return [{ path, message: issue.message, atKey: issue.params?.atKey === true }];
      default:
        return [{ path, message: issue.message.replace(/^Invalid input: /, ""), atKey: false }];
    }
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      const key = String(segment);
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return index === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join("");
}

const keyText = (pair: Pair<unknown, unknown>) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
const isEmptyValue = (node: unknown) => !node || (isScalar(node) && node.value === null && !node.source);
const startOf = (node: unknown) => (node as Node | null)?.range?.[0] ?? 0;

/** Finds the issue's node: the value at its path, the key for key-level issues, else the nearest ancestor. */
function locateOffset(doc: Document, path: readonly PropertyKey[], atKey: boolean): { offset: number; missing: boolean } {
  let node: unknown = doc.contents;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item) === String(segment));
      if (!pair) return { offset: startOf(node), missing: last };
      if (last && (atKey || isEmptyValue(pair.value))) return { offset: startOf(pair.key), missing: false };
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
    } else {
      return { offset: startOf(node), missing: false };
    }
  }
  return { offset: startOf(node), missing: false };
}

export function locateIssues(doc: Document, lineCounter: LineCounter, issues: readonly z.core.$ZodIssue[]): PolicyIssue[] {
  return flattenIssues(issues).map(({ path, message, atKey }) => {
    const { offset, missing } = locateOffset(doc, path, atKey);
    const { line, col } = lineCounter.linePos(offset);
    const text = missing ? `missing; ${message.replace(/, got nothing$/, "")}` : message;
    return { line, column: col, path: formatPath(path), message: text };
  });
}
