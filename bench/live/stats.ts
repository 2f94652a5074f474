/** Percentile of a sample, in the sample's unit. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const ms = (ns: bigint | number) => Number(ns) / 1e6;

export function table(rows: ReadonlyArray<Record<string, string | number>>): void {
  console.table(rows);
}
