import { isWordChar, type SearchQuery } from "./match-items";

// Which parts of a shown line matched the query: the whole query where it occurs (a word's start preferred, as the
// ranking does), else each of its words. Overlapping marks merge.

export interface Segment {
  text: string;
  match: boolean;
}

function bestOccurrence(key: string, needle: string): number {
  const first = key.indexOf(needle);
  for (let at = first; at >= 0; at = key.indexOf(needle, at + 1)) {
    if (at === 0 || !isWordChar(key.charCodeAt(at - 1))) return at;
  }
  return first;
}

export function highlight(text: string, key: string, query: SearchQuery): Segment[] {
  // Lowercasing changed the length (a few non-ASCII letters): offsets would be wrong, so nothing is marked.
  if (!query.phrase || key.length !== text.length) return [{ text, match: false }];
  const needles = key.includes(query.phrase) ? [query.phrase] : query.words;
  const ranges = needles
    .map((needle) => [bestOccurrence(key, needle), needle.length] as const)
    .filter(([at]) => at >= 0)
    .map(([at, length]) => [at, at + length] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  const segments: Segment[] = [];
  let cursor = 0;
  for (const [start, end] of merged) {
    if (start > cursor) segments.push({ text: text.slice(cursor, start), match: false });
    segments.push({ text: text.slice(start, end), match: true });
    cursor = end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), match: false });
  return segments.length ? segments : [{ text, match: false }];
}
