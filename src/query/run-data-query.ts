import type { HostProjection } from '../projection/host-projection';
import { parseDataRequest, type DataFormat } from './data-request';
import { formatCsv } from './format/csv-format';
import { formatJson } from './format/json-format';
import { ResultView, makeVisibility } from './format/result-view';
import { formatValues } from './format/value-format';
import { queryChart } from './query-engine';
import { calculateWindow } from './time-window';

export interface QueryResult {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const NO_METRICS = 'No metrics where matched to query.';

function render(view: ResultView, format: DataFormat): QueryResult {
  switch (format) {
    case 'json':
      return { status: 200, contentType: JSON_TYPE, body: formatJson(view) };
    case 'csv':
    case 'tsv':
      return { status: 200, contentType: TEXT, body: formatCsv(view, format) };
    case 'csvjsonarray':
      return { status: 200, contentType: JSON_TYPE, body: formatCsv(view, format) };
    case 'array':
      return { status: 200, contentType: JSON_TYPE, body: formatValues(view, format) };
    case 'ssv':
    case 'ssvcomma':
      return { status: 200, contentType: TEXT, body: formatValues(view, format) };
  }
}

/**
 * /api/v1/data of one host, as Netdata 1.37.1 answers it. `nowSec` is the wall clock; Netdata queries up to the
 * second before it.
 */
export function runDataQuery(host: HostProjection, params: URLSearchParams, nowSec: number): QueryResult {
  const parsed = parseDataRequest(params);
  if (!parsed.ok) return { status: parsed.status, contentType: TEXT, body: parsed.message };
  const req = parsed.request;

  const chart = host.chart(req.chart);
  if (!chart) return { status: 404, contentType: TEXT, body: NO_METRICS };
  const isVisible = makeVisibility(req);
  if (!chart.dimensions.some((d) => isVisible({ dim: d, values: new Float64Array(0), nonZero: false }))) {
    return { status: 404, contentType: TEXT, body: NO_METRICS };
  }

  const window = calculateWindow(
    { after: req.after, before: req.before, points: req.points, unaligned: req.options.unaligned },
    { firstT: chart.firstEntryT(), lastT: chart.lastEntryT(), updateEvery: chart.updateEvery },
    Math.floor(nowSec) - 1,
  );
  const table = window ? queryChart(chart, window, req.group) : null;
  if (!table) return { status: 404, contentType: TEXT, body: NO_METRICS };
  return render(new ResultView(table, req.options, isVisible), req.format);
}
