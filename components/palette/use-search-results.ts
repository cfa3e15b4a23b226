"use client";
import { useMemo } from "react";
import { groupHits, type HitGroup } from "@/lib/search/group-hits";
import { parseQuery, searchItems, type SearchQuery } from "@/lib/search/match-items";
import type { SearchItem } from "@/lib/search/search-types";

export interface SearchResults {
  query: SearchQuery;
  /** The text as typed, trimmed (for messages). */
  typed: string;
  groups: HitGroup[];
  /** The shown options in screen order. */
  options: SearchItem[];
  /** Matches in all; options holds at most `limit`. */
  total: number;
}

const NOTHING: readonly SearchItem[] = [];

/** The results for the text typed, computed in the render that shows them (a scan of the in-memory index). */
export function useSearchResults(items: readonly SearchItem[], text: string, limit: number, whenEmpty: readonly SearchItem[] = NOTHING): SearchResults {
  return useMemo(() => {
    const query = parseQuery(text);
    const { hits, total } = query.phrase ? searchItems(items, query, limit) : { hits: whenEmpty.slice(0, limit), total: whenEmpty.length };
    const { groups, ordered } = groupHits(hits);
    return { query, typed: text.trim(), groups, options: ordered, total };
  }, [items, text, limit, whenEmpty]);
}
