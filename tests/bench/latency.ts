/** Round-trip figures from a list of latencies in milliseconds over a wall-clock span. */
export function summarize(latenciesMs: number[], wallMs: number): { count: number; perSecond: number; p50: number; p99: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, perSecond: (sorted.length / wallMs) * 1000, p50: at(0.5), p99: at(0.99) };
}

/** Runs `task` over `items` with at most `concurrency` in flight; returns each call's latency. */
export async function timedPool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t0 = performance.now();
        await task(item);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}
