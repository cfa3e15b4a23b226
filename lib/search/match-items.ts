import type { SearchItem } from "./search-types";

// Ranking, best first: an identifier typed in full; then the query as typed found in the label (the whole label,
// its start, a word's start, anywhere), then the same in the detail line; then every word of the query found
// somewhere, ranked by the worst-placed word. Items of one rank keep the index's order (kind, then name).
// One pass over precomputed lowercase keys with indexOf, no sort: each rank keeps at most `limit` items, so a
// keystroke costs one scan of the index however many items match.

export interface SearchQuery {
  /** The whole query, lowercase, spaces collapsed. */
  phrase: string;
  /** Its words; more than one only when the query has spaces. */
  words: string[];
}

export interface SearchResult {
  hits: SearchItem[];
  /** How many items match in all (hits holds at most `limit`). */
  total: number;
}

export function parseQuery(text: string): SearchQuery {
  const phrase = text.trim().toLowerCase().replace(/\s+/g, " ");
  return { phrase, words: phrase ? phrase.split(" ") : [] };
}

/** Letters and digits (lowercase keys; anything beyond ASCII counts as a letter). */
export const isWordChar = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || code > 127;

/** 0 the whole text, 1 its start, 2 a word's start, 3 elsewhere, -1 not found. */
export function placeIn(key: string, needle: string): number {
  let at = key.indexOf(needle);
  if (at < 0) return -1;
  if (at === 0) return key.length === needle.length ? 0 : 1;
  while (at >= 0) {
    if (!isWordChar(key.charCodeAt(at - 1))) return 2;
    at = key.indexOf(needle, at + 1);
  }
  return 3;
}

const ID_RANK = 0;
const LABEL_RANK = 1; // 1..4
const DETAIL_RANK = 5; // 5..8
const WORDS_RANK = 9; // 9..16
const RANKS = 17;

/** The item's rank for the query (lower is better), or -1 when it does not match. */
export function rankItem(item: SearchItem, query: SearchQuery): number {
  const { phrase, words } = query;
  if (item.id && item.id.length === phrase.length && item.id.toLowerCase() === phrase) return ID_RANK;
  const inLabel = placeIn(item.labelKey, phrase);
  if (inLabel >= 0) return LABEL_RANK + inLabel;
  const inDetail = placeIn(item.detailKey, phrase);
  if (inDetail >= 0) return DETAIL_RANK + inDetail;
  if (words.length < 2) return -1;
  let worst = 0;
  for (const word of words) {
    const label = placeIn(item.labelKey, word);
    const place = label >= 0 ? label : placeIn(item.detailKey, word);
    if (place < 0) return -1;
    const rank = label >= 0 ? place : place + 4;
    if (rank > worst) worst = rank;
  }
  return WORDS_RANK + worst;
}

/** The best `limit` items for the query, and how many match in all. An empty query matches nothing. */
export function searchItems(items: readonly SearchItem[], query: SearchQuery, limit: number): SearchResult {
  if (!query.phrase) return { hits: [], total: 0 };
  const buckets: SearchItem[][] = Array.from({ length: RANKS }, () => []);
  let total = 0;
  for (const item of items) {
    const rank = rankItem(item, query);
    if (rank < 0) continue;
    total++;
    const bucket = buckets[rank]!;
    if (bucket.length < limit) bucket.push(item);
  }
  const hits: SearchItem[] = [];
  for (const bucket of buckets) {
    for (const item of bucket) {
      if (hits.length === limit) return { hits, total };
      hits.push(item);
    }
  }
  return { hits, total };
}
