// Runs `worker` over `items` with at most `limit` in flight, keeping result order. Each result is settled, so one
// failing item (an unreachable region, a throttled account) never hides the others.

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export async function mapConcurrent<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await worker(items[index] as T, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  });
  await Promise.all(lanes);
  return results;
}
