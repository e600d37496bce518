import { formatNumber } from '../number-format';
import type { ResultView } from './result-view';

/** One number per row: the sum of the visible dimensions (max - min with min2max); NaN when all are empty. */
export function rowValue(view: ResultView, row: number): number {
  const total = view.options.percentage ? view.rowTotal(row) : 1;
  let sum = 0;
  let min = 0;
  let max = 0;
  let first = true;
  let allEmpty = true;
  for (const c of view.columns) {
    const v = view.cell(c, row, total);
    const n = Number.isNaN(v) ? 0 : v;
    if (first) {
      min = Math.min(n, 0);
      max = Math.max(n, 0);
      first = false;
    }
    if (!Number.isNaN(v)) {
      allEmpty = false;
      sum += n;
    }
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  if (allEmpty) return NaN;
  return view.options.min2max ? max - min : sum;
}

const SHAPES = {
  ssv: ['', ' ', ''],
  ssvcomma: ['', ',', ''],
  array: ['[', ',', ']'],
} as const;

/** ssv, ssvcomma and array of /api/v1/data (Netdata's rrdr2ssv). */
export function formatValues(view: ResultView, kind: keyof typeof SHAPES): string {
  const [prefix, separator, suffix] = SHAPES[kind];
  const values = view.rows.map((row) => {
    const v = rowValue(view, row);
    return Number.isNaN(v) ? (view.options.null2zero ? '0' : 'null') : formatNumber(v);
  });
  return prefix + values.join(separator) + suffix;
}
