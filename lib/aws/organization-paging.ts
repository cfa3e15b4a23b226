import "server-only";

/** Organizations' page size ceiling: every List call takes MaxResults 1-20. */
export const ORG_PAGE_SIZE = 20;

/** A listing that ends only when NextToken is absent: AWS may answer short or even empty pages before the end. */
export async function listAll<T>(fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page > 100_000) throw new Error("pagination did not end after 100,000 pages");
    const { items, next } = await fetchPage(token);
    all.push(...(items ?? []));
    if (!next) return all;
    token = next;
  }
}
