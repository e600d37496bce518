import type { ChartView } from '../../model/chart-view';
import type { DataFormat, DataRequest } from '../data-request';
import { latestValue } from '../latest-value';
import { formatNumber } from '../number-format';
import type { QueryWindow } from '../time-window';
import type { ResultView } from './result-view';
import { rowValue } from './value-format';

/** How jsonwrap's "format" names each format (Netdata has no name for csvjsonarray and markdown). */
const FORMAT_NAMES: Record<DataFormat, string> = {
  json: 'json',
  jsonp: 'jsonp',
  csv: 'csv',
  tsv: 'tsv',
  ssv: 'ssv',
  ssvcomma: 'ssvcomma',
  array: 'array',
  csvjsonarray: 'unknown',
  datatable: 'datatable',
  datasource: 'datasource',
  html: 'html',
  markdown: 'unknown',
};

/** Formats whose result is a string inside the wrapper. */
const STRING_RESULTS = new Set<DataFormat>(['csv', 'tsv', 'ssv', 'ssvcomma', 'markdown', 'html']);

export interface WrapContext {
  hostname: string;
  chart: ChartView;
  request: DataRequest;
  window: QueryWindow;
  view: ResultView;
}

/** The query id Netdata builds (query_target_create) and prints as jsonwrap's "id" and "name". */
function queryId(ctx: WrapContext, rawAfter: string, rawBefore: string): string {
  const r = ctx.request;
  return (
    `chart://host:${ctx.hostname}/instance:${r.chart}/dimensions:${r.dimensionsText}/after:${rawAfter}/before:${rawBefore}` +
    `/points:${r.points}/group:${r.group.idLabel}/options:${r.optionNames.join(',')}` +
    (r.gtime > 1 ? `/resampling:${r.gtime}` : '')
  );
}

/**
 * `options=jsonwrap`: the formatted result inside Netdata 1.37.1's JSON wrapper (rrdr_json_wrapper_begin/end), byte
 * for byte, in the same key order.
 */
export function jsonWrap(ctx: WrapContext, result: string): string {
  const { chart, request: req, window: w, view } = ctx;
  const google = req.options.googleJson;
  const kq = google ? '' : '"';
  const sq = google ? "'" : '"';
  const key = (k: string): string => `${kq}${k}${kq}`;
  const str = (s: string): string => `${sq}${s}${sq}`;
  const cols = view.columns;
  const rows = cols.length ? view.table.times.length : 0;

  const names = cols.length ? cols.map((c) => str(c.dim.name)).join(', ') : str('no data');
  const ids = cols.length ? cols.map((c) => str(c.dim.def.id)).join(', ') : str('no data');
  const latest = cols.length ? cols.map((c) => formatNumber(latestValue(chart, c.dim.index))).join(', ') : 'null';
  const viewLatest = rows ? view.newestRowValues().join(', ') : 'null';
  const natural = w.relative || req.points === 0;
  const optionNames = [...req.optionNames, natural ? 'natural-points' : 'virtual-points'];
  const id = queryId(ctx, String(req.after), String(req.before));
  const oneValue = req.format === 'ssv' || req.format === 'ssvcomma' || req.format === 'array';
  const { min, max } = view.minMax(oneValue ? (row) => rowValue(view, row) : undefined);
  const quoted = STRING_RESULTS.has(req.format);

  return [
    '{',
    `   ${key('api')}: 1,`,
    `   ${key('id')}: ${str(id)},`,
    `   ${key('name')}: ${str(id)},`,
    `   ${key('view_update_every')}: ${w.group * w.granularity},`,
    `   ${key('update_every')}: ${chart.updateEvery},`,
    `   ${key('first_entry')}: ${chart.firstEntryT()},`,
    `   ${key('last_entry')}: ${chart.lastEntryT()},`,
    `   ${key('before')}: ${w.before},`,
    `   ${key('after')}: ${w.after},`,
    `   ${key('group')}: ${str(req.group.label)},`,
    `   ${key('options')}: ${str(optionNames.join(','))},`,
    `   ${key('dimension_names')}: [${names}],`,
    `   ${key('dimension_ids')}: [${ids}],`,
    `   ${key('functions')}: [],`,
    `   ${key('latest_values')}: [${latest}],`,
    `   ${key('view_latest_values')}: [${viewLatest}],`,
    `   ${key('dimensions')}: ${cols.length},`,
    `   ${key('points')}: ${rows},`,
    `   ${key('format')}: ${str(FORMAT_NAMES[req.format])},`,
    `   ${key('db_points_per_tier')}: [ ${view.pointsRead()} ],`,
    `   ${key('result')}: ${quoted ? sq : ''}${result}${quoted ? sq : ''},`,
    ` ${key('min')}: ${formatNumber(min)},`,
    ` ${key('max')}: ${formatNumber(max)}`,
    '}',
    '',
  ].join('\n');
}
