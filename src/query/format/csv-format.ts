import { formatNumber } from '../number-format';
import { formatLocalDate } from './date';
import type { ResultView } from './result-view';

interface TableShape {
  separator: string;
  lineStart: string;
  lineEnd: string;
  between: string;
  quoteLabels: boolean;
  /** Text before the header line, and after the last line. */
  prefix: string;
  suffix: string;
  /** Markdown's alignment line after the header. */
  alignment: boolean;
}

export type TableKind = 'csv' | 'tsv' | 'csvjsonarray' | 'markdown' | 'html';

/** Rows as text (Netdata's rrdr2csv). Inside jsonwrap, line ends and quotes of the string formats are escaped. */
function shapeOf(kind: TableKind, wrapped: boolean): TableShape {
  const nl = wrapped ? '\\n' : '\r\n';
  const base = { lineStart: '', between: '', quoteLabels: false, prefix: '', suffix: '', alignment: false };
  switch (kind) {
    case 'csv':
      return { ...base, separator: ',', lineEnd: nl };
    case 'tsv':
      return { ...base, separator: '\t', lineEnd: nl };
    case 'markdown':
      return { ...base, separator: '|', lineEnd: nl, alignment: true };
    case 'csvjsonarray':
      return { ...base, separator: ',', lineStart: '[', lineEnd: ']', between: ',\n', quoteLabels: true, prefix: '[\n', suffix: '\n]' };
    case 'html': {
      const n = wrapped ? '\\n' : '\n';
      const q = wrapped ? '\\"' : '"';
      return {
        ...base,
        separator: '</td><td>',
        lineStart: '<tr><td>',
        lineEnd: `</td></tr>${n}`,
        prefix: `<html>${n}<center>${n}<table border=${q}0${q} cellpadding=${q}5${q} cellspacing=${q}5${q}>${n}`,
        suffix: `</table>${n}</center>${n}</html>${n}`,
      };
    }
  }
}

/** csv, tsv, csvjsonarray, markdown and html of /api/v1/data. */
export function formatTable(view: ResultView, kind: TableKind, wrapped = false): string {
  const s = shapeOf(kind, wrapped);
  const { options } = view;
  const q = (label: string): string => (s.quoteLabels ? JSON.stringify(label) : label);
  const parts: string[] = [s.prefix];
  if (view.columns.length > 0) parts.push(s.lineStart, q('time'), ...view.columns.map((c) => s.separator + q(c.dim.name)));
  parts.push(s.lineEnd);
  if (s.alignment) parts.push([':---:', ...view.columns.map(() => ':---:')].join(s.separator), s.lineEnd);
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
  parts.push(s.suffix);
  return parts.join('');
}
