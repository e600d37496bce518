import { formatNumber } from '../number-format';
import type { ResultView } from './result-view';

/** Google's Date() text for a time in the server's local time (months from 0). */
export function googleDate(tSec: number): string {
  const d = new Date(tSec * 1000);
  return `Date(${d.getFullYear()},${d.getMonth()},${d.getDate()},${d.getHours()},${d.getMinutes()},${d.getSeconds()})`;
}

/** The `datatable` format (Google Visualization DataTable, Netdata's rrdr2json with datatable on), byte for byte. */
export function formatDataTable(view: ResultView): string {
  const { options } = view;
  const cols = [
    '        {"id":"","label":"time","pattern":"","type":"datetime"}',
    '        {"id":"","label":"","pattern":"","type":"string","p":{"role":"annotation"}}',
    '        {"id":"","label":"","pattern":"","type":"string","p":{"role":"annotationText"}}',
    ...view.columns.map((c) => `     {"id":"","label":${JSON.stringify(c.dim.name)},"pattern":"","type":"number"}`),
  ];
  const rows = view.rows.map((row) => {
    const total = options.percentage ? view.rowTotal(row) : 1;
    const cells = view.columns.map((c) => {
      const v = view.cell(c, row, total);
      return `{"v":${Number.isNaN(v) ? (options.null2zero ? '0' : 'null') : formatNumber(v)}}`;
    });
    return `        {"c":[{"v":"${googleDate(view.table.times[row])}"},{"v":null},{"v":null},${cells.join(',')}]}`;
  });
  return `{\n "cols":\n [\n${cols.join(',\n')}\n  ],\n    "rows":\n [\n${rows.join(',\n')}\n]\n}`;
}
