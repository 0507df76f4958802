/** One measured figure. `ratio` compares with a baseline measured in the same process. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  note?: string;
}
export function measure(fn: () => number, minMs = 1000): { ops: number; ms: number } {
  const started = performance.now();
  let ops = 0;
  let ms = 0;
  do {
    ops += fn();
    ms = performance.now() - started;
  } while (ms < minMs);
  return { ops, ms };
}
