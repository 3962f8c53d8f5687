import { describe, expect, it } from "vitest";
import { runBatch } from "./concurrency";

describe("runBatch", () => {
  it("runs at most `limit` at a time, keeps the order and collects failures", async () => {
    let running = 0;
    let peak = 0;
    const progress: number[] = [];
    const outcomes = await runBatch(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      4,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3)));
        running--;
        if (n % 4 === 0) throw new Error(`no ${String(n)}`);
        return n * 2;
      },
      (done) => progress.push(done),
    );
    expect(peak).toBe(4);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(outcomes.map((outcome) => outcome.item)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.item)).toEqual([
      4, 8,
    ]);
    expect(outcomes[0]).toEqual({ item: 1, ok: true, value: 2 });
  });

  it("finishes at once with nothing to do", async () => {
    expect(await runBatch([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
