import { formatNumber } from '../number-format';
import { googleDate } from './datatable-format';
import type { ResultView } from './result-view';

/** The `json` format of /api/v1/data (Netdata's rrdr2json, non-datatable), byte for byte. */
export function formatJson(view: ResultView): string {
  const { options } = view;
  const names = view.columns.map((c) => JSON.stringify(c.dim.name));
  let out = `{\n "labels": [${['"time"', ...names].join(',')}],\n    "data":\n [\n`;
  const lines: string[] = [];
  for (const row of view.rows) {
    const total = options.percentage ? view.rowTotal(row) : 1;
    const t = view.table.times[row];
    const time = options.googleJson ? `new ${googleDate(t)}` : `${t}${options.milliseconds ? '000' : ''}`;
    const cells = view.columns.map((c, i) => {
      const v = view.cell(c, row, total);
      const text = Number.isNaN(v) ? (options.null2zero ? '0' : 'null') : formatNumber(v);
      return options.objectRows ? `${names[i]}: ${text}` : text;
    });
    lines.push(options.objectRows ? ` { "time": ${time},${cells.join(',')}}` : ` [ ${[time, ...cells].join(',')}]`);
  }
  out += lines.join(',\n');
  return `${out}\n]\n}`;
}
