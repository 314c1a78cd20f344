/** One measured figure; `target` is informative ("<= 1.5"), never enforced. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** Raw numbers behind the figure, for results.json. */
  detail?: Record<string, number | string>;
}

export interface Benchmark {
  name: string;
  run(): Promise<Figure[]>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

/** The value below which `p` (0..1) of the values fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
