import type { SearchItem, SearchKind } from "./search-types";

// Ranked hits shown in groups, one per kind, each group where its best hit ranks; the option order (for Up and
// Down) is the order on screen.

export const KIND_LABELS: Record<SearchKind, { group: string; one: string }> = {
  page: { group: "Pages", one: "Page" },
  account: { group: "Accounts", one: "Account" },
  role: { group: "Roles", one: "Role" },
  instance: { group: "Instances", one: "Instance" },
};

export interface HitGroup {
  kind: SearchKind;
  /** Each hit with its position among all shown options. */
  hits: { item: SearchItem; index: number }[];
}

export function groupHits(hits: readonly SearchItem[]): { groups: HitGroup[]; ordered: SearchItem[] } {
  const byKind = new Map<SearchKind, SearchItem[]>();
  for (const hit of hits) {
    const list = byKind.get(hit.kind);
    if (list) list.push(hit);
    else byKind.set(hit.kind, [hit]);
  }
  const groups: HitGroup[] = [];
  const ordered: SearchItem[] = [];
  for (const [kind, items] of byKind) {
    groups.push({ kind, hits: items.map((item) => ({ item, index: ordered.push(item) - 1 })) });
  }
  return { groups, ordered };
}
