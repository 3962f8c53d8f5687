/** What one item of a batch came to. */
export type Outcome<T, R> =
  | { item: T; ok: true; value: R }
  | { item: T; ok: false; error: unknown };

/**
 * Runs `task` on every item, at most `limit` at a time, and reports the
 * number of finished items after each one. Failures do not stop the batch;
 * the outcomes come back in the items' order.
 */
export async function runBatch<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  onProgress?: (done: number) => void,
): Promise<Outcome<T, R>[]> {
  const outcomes = new Array<Outcome<T, R>>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      try {
        outcomes[index] = { item, ok: true, value: await task(item) };
      } catch (error) {
        outcomes[index] = { item, ok: false, error };
      }
      done++;
      onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return outcomes;
}

/** Requests a bulk action runs side by side. */
export const BULK_CONCURRENCY = 4;
