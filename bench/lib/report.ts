/**
 * The one row format every benchmark reports in, so that `npm run bench` (scripts/run-bench.mjs)
 * can gather all of them into one table. A bench calls `report(bench, rows)`: it prints its own
 * aligned table (for someone running that bench alone) and, for each row, one machine line
 *
 *   BENCH-ROW {"bench":"cli-start","measure":"…","unit":"ms","ours":123,"baseline":45,…}
 *
 * on stdout. Fields (see BenchRow): `ours` and `baseline` are numbers in `unit`, both measured in
 * the same run (null when a measure has no baseline); `spread` says how they were summarised
 * (e.g. "min 101 / med 123 / max 160, 9 runs"); `target` is the issue's goal as text ("≤ 1.0×",
 * "≤ 300 ms"). The ratio ours / baseline is computed by the reader of the line, never sent.
 * Lines are written by `formatRow` and read back by `parseRow` (also used by run-bench.mjs).
 */
import { table } from './stats';

export const ROW_PREFIX = 'BENCH-ROW ';

export interface BenchRow {
  /** The benchmark's name (its file name without .ts). */
  bench: string;
  /** What is measured, "ours | baseline" described in words. */
  measure: string;
  /** ms, MB, KB, count… */
  unit: string;
  ours: number;
  baseline: number | null;
  /** How the figure was summarised over runs: "median of 9", "p99 of 500", "min/med/max …". */
  spread?: string;
  /** The goal, as text: "≤ 300 ms", "≤ 1.0×". */
  target?: string;
}

export function formatRow(row: BenchRow): string {
  return ROW_PREFIX + JSON.stringify(row);
}

/** A row from one line of a bench's output; null for any other line. */
export function parseRow(line: string): BenchRow | null {
  if (!line.startsWith(ROW_PREFIX)) return null;
  try {
    const row = JSON.parse(line.slice(ROW_PREFIX.length)) as BenchRow;
    return typeof row.measure === 'string' && typeof row.ours === 'number' ? row : null;
  } catch {
    return null;
  }
}

export function formatValue(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '-';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
}

export function formatRatio(ours: number, baseline: number | null): string {
  return baseline === null || !(baseline > 0) ? '-' : `${(ours / baseline).toFixed(2)}×`;
}

/** Prints the rows as a table, then their machine lines. */
export function report(rows: BenchRow[]): void {
  table([
    ['measure', 'ours', 'baseline', 'ratio', 'target', 'runs'],
    ...rows.map((r) => [r.measure, formatValue(r.ours, r.unit), formatValue(r.baseline, r.unit), formatRatio(r.ours, r.baseline), r.target ?? '', r.spread ?? '']),
  ]);
  for (const r of rows) console.log(formatRow(r));
}

/** min, median and max of samples. */
export function minMedMax(samples: readonly number[]): { min: number; median: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { min: s[0], median, max: s[s.length - 1] };
}

/** "ours 101/123/160, baseline 90/100/110 (min/med/max of 9 alternating runs)". */
export function spreadText(ours: readonly number[], baseline: readonly number[] | null): string {
  const f = (xs: readonly number[]) => {
    const m = minMedMax(xs);
    return [m.min, m.median, m.max].map((v) => formatValue(v, '').trim()).join('/');
  };
  const alternating = baseline ? ' alternating' : '';
  return `ours ${f(ours)}${baseline ? `, baseline ${f(baseline)}` : ''} (min/med/max of ${ours.length}${alternating} runs)`;
}

/** The usual row: medians of both sample sets, with their spread. */
export function medianRow(bench: string, measure: string, unit: string, ours: readonly number[], baseline: readonly number[] | null, target?: string): BenchRow {
  return {
    bench,
    measure,
    unit,
    ours: minMedMax(ours).median,
    baseline: baseline ? minMedMax(baseline).median : null,
    spread: spreadText(ours, baseline),
    ...(target ? { target } : {}),
  };
}
