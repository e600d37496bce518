import { formatNumber } from '../number-format';
import { formatLocalDate } from './date';
import type { ResultView } from './result-view';

interface CsvShape {
  separator: string;
  lineStart: string;
  lineEnd: string;
  between: string;
  quoteLabels: boolean;
}

const SHAPES = {
  csv: { separator: ',', lineStart: '', lineEnd: '\r\n', between: '', quoteLabels: false },
  tsv: { separator: '\t', lineStart: '', lineEnd: '\r\n', between: '', quoteLabels: false },
  csvjsonarray: { separator: ',', lineStart: '[', lineEnd: ']', between: ',\n', quoteLabels: true },
} satisfies Record<string, CsvShape>;

/** csv, tsv and csvjsonarray of /api/v1/data (Netdata's rrdr2csv). */
export function formatCsv(view: ResultView, kind: keyof typeof SHAPES): string {
  const s: CsvShape = SHAPES[kind];
  const { options } = view;
  const q = (label: string): string => (s.quoteLabels ? JSON.stringify(label) : label);
  const parts: string[] = [];
  if (kind === 'csvjsonarray') parts.push('[\n');
  if (view.columns.length > 0) parts.push(s.lineStart, q('time'), ...view.columns.map((c) => s.separator + q(c.dim.name)));
  parts.push(s.lineEnd);
  if (view.columns.length > 0) {
    for (const row of view.rows) {
      const t = view.table.times[row];
      parts.push(s.between, s.lineStart);
      if (options.seconds || options.milliseconds) parts.push(`${t}${options.milliseconds ? '000' : ''}`);
      else parts.push(formatLocalDate(t));
      const total = options.percentage ? view.rowTotal(row) : 1;
      for (const c of view.columns) {
        const v = view.cell(c, row, total);
        parts.push(s.separator, Number.isNaN(v) ? (options.null2zero ? '0' : 'null') : formatNumber(v));
      }
      parts.push(s.lineEnd);
    }
  }
  if (kind === 'csvjsonarray') parts.push('\n]');
  return parts.join('');
}
