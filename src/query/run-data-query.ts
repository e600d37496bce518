import type { HostProjection } from '../projection/host-projection';
import { parseDataRequest, type DataRequest } from './data-request';
import { formatTable } from './format/csv-format';
import { formatDataTable } from './format/datatable-format';
import { formatJson } from './format/json-format';
import { jsonWrap, type WrapContext } from './format/jsonwrap';
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
const JAVASCRIPT = 'application/x-javascript; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const NO_METRICS = 'No metrics where matched to query.';

/** The formatted result alone, and the content type it has when it is not wrapped. */
function formatResult(view: ResultView, req: DataRequest, wrapped: boolean): { body: string; type: string } {
  switch (req.format) {
    case 'json':
      return { body: formatJson(view), type: JSON_TYPE };
    case 'jsonp':
      return { body: formatJson(view), type: JAVASCRIPT };
    case 'datatable':
      return { body: formatDataTable(view), type: JSON_TYPE };
    case 'datasource':
      return { body: formatDataTable(view), type: JAVASCRIPT };
    case 'csv':
    case 'tsv':
    case 'markdown':
      return { body: formatTable(view, req.format, wrapped), type: TEXT };
    case 'html':
      return { body: formatTable(view, 'html', wrapped), type: HTML };
    case 'csvjsonarray':
      return { body: formatTable(view, 'csvjsonarray', wrapped), type: JSON_TYPE };
    case 'array':
      return { body: formatValues(view, 'array'), type: JSON_TYPE };
    case 'ssv':
    case 'ssvcomma':
      return { body: formatValues(view, req.format), type: TEXT };
  }
}

function render(ctx: WrapContext): QueryResult {
  const req = ctx.request;
  const wrapped = req.options.jsonwrap;
  const { body: result, type } = formatResult(ctx.view, req, wrapped);
  let body = wrapped ? jsonWrap(ctx, result) : result;
  let contentType = wrapped ? JSON_TYPE : type;
  if (req.format === 'jsonp') {
    body = `${req.callback}(${body});`;
    contentType = JAVASCRIPT;
  } else if (req.format === 'datasource') {
    const sig = ctx.chart.lastEntryT();
    body = `google.visualization.Query.setResponse({version:'0.6',reqId:'0',status:'ok',sig:'${sig}',table:${body}});`;
    contentType = JAVASCRIPT;
  }
  return { status: 200, contentType, body };
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
  if (!chart.dimensions.some((d) => isVisible({ dim: d, values: new Float64Array(0), nonZero: false, pointsRead: 0 }))) {
    return { status: 404, contentType: TEXT, body: NO_METRICS };
  }

  const window = calculateWindow(
    { after: req.after, before: req.before, points: req.points, unaligned: req.options.unaligned, resamplingTime: req.gtime },
    { firstT: chart.firstEntryT(), lastT: chart.lastEntryT(), updateEvery: chart.updateEvery },
    Math.floor(nowSec) - 1,
  );
  const table = window ? queryChart(chart, window, req.group) : null;
  if (!window || !table) return { status: 404, contentType: TEXT, body: NO_METRICS };
  const view = new ResultView(table, req.options, isVisible);
  return render({ hostname: host.identity.hostname, chart, request: req, window, view });
}
