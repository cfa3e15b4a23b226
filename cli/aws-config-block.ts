// The part of ~/.aws/config that `gatehouse configure` owns: the lines from `# >>> gatehouse` to `# <<< gatehouse`.
// Everything outside them is kept byte for byte; running again replaces the block where it stands; a file without
// one gets it at the end, after a blank line. The file's line ending (CRLF or LF) is the block's.
import { CliError } from "./errors";

export const BLOCK_START = "# >>> gatehouse";
export const BLOCK_END = "# <<< gatehouse";

export interface ProfileEntry {
  name: string;
  /** A comment line above the section (the account and role, for people reading the file). */
  comment?: string;
  settings: Array<[key: string, value: string]>;
}

export function renderBlock(header: string, profiles: ProfileEntry[], eol = "\n"): string {
  const lines = [`${BLOCK_START} ${header}`];
  if (profiles.length === 0) lines.push("# (no roles are open to you at the moment)");
  for (const profile of profiles) {
    lines.push("");
    if (profile.comment) lines.push(`# ${profile.comment}`);
    lines.push(`[profile ${profile.name}]`);
    for (const [key, value] of profile.settings) lines.push(`${key} = ${value}`);
  }
  lines.push(BLOCK_END);
  return lines.join(eol) + eol;
}

interface Located {
  start: number;
  end: number;
}

/** Where the block is in `text` (offsets of its first character and just past its last line's ending), if any. */
export function locateBlock(text: string): Located | null {
  const lines = text.split(/(?<=\n)/);
  let offset = 0;
  let start = -1;
  for (const line of lines) {
    const content = line.replace(/\r?\n$/, "");
    if (content === BLOCK_START || content.startsWith(`${BLOCK_START} `)) {
      if (start >= 0)
        throw new CliError(`the AWS config file has "${BLOCK_START}" twice without "${BLOCK_END}" between: fix it by hand, then run gatehouse configure again`);
      start = offset;
    } else if (content.trimEnd() === BLOCK_END && start >= 0) {
      const found = { start, end: offset + line.length };
      if (locateBlock(text.slice(found.end)))
        throw new CliError(`the AWS config file has two Gatehouse blocks: remove one by hand, then run gatehouse configure again`);
      return found;
    }
    offset += line.length;
  }
  if (start >= 0) throw new CliError(`the AWS config file has "${BLOCK_START}" but no "${BLOCK_END}": fix it by hand, then run gatehouse configure again`);
  return null;
}

export const lineEndingOf = (text: string | null) => (text?.includes("\r\n") ? "\r\n" : "\n");

/** The file's new text: `existing` (null when there is no file) with Gatehouse's block put in or replaced. */
export function withBlock(existing: string | null, block: string): string {
  if (!existing) return block;
  const found = locateBlock(existing);
  if (found) return existing.slice(0, found.start) + block + existing.slice(found.end);
  const eol = lineEndingOf(existing);
  const ended = existing.endsWith("\n") ? existing : existing + eol;
  return `${ended}${eol}${block}`;
}

/** The profile names a config file defines outside Gatehouse's block (so the block does not define them twice). */
export function profilesOutsideBlock(existing: string | null): Set<string> {
  if (!existing) return new Set();
  const found = locateBlock(existing);
  const outside = found ? existing.slice(0, found.start) + existing.slice(found.end) : existing;
  const names = new Set<string>();
  for (const match of outside.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]\r\n]+?)\s*\]/gm)) names.add(match[1]!);
  return names;
}
