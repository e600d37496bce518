import type { ChartView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';
import { json, text, type Reply } from '../respond';

/**
 * /api/v1/allmetrics: the latest stored value of every dimension of a host, in Netdata 1.37's `shell` and `json`
 * layouts (web/api/formatters/shell and json exporters). The prometheus formats need per-scraper state and the raw
 * collected values; they are answered with a clear 400 until they exist.
 */
export function allmetricsRoute(host: HostProjection, params: URLSearchParams): Reply {
  const format = params.get('format') ?? 'shell';
  switch (format) {
    case 'shell':
      return text(shellFormat(host));
    case 'json':
      return json(jsonFormat(host));
    case 'prometheus':
    case 'prometheus_all_hosts':
      return text(`format=${format} is not supported by streamledger yet; 'shell' and 'json' are.`, 400);
    default:
      return text("Which format? 'shell', 'prometheus', 'prometheus_all_hosts' and 'json' are currently supported.", 400);
  }
}

/** The value a scraper sees: the newest stored slot, or NaN when the chart has none. */
function latest(chart: ChartView, dim: number): number {
  const t = chart.lastEntryT();
  return t ? chart.valueAt(dim, t) : NaN;
}

const shellName = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

function shellFormat(host: HostProjection): string {
  let out = '';
  for (const chart of host.charts()) {
    if (!chart.lastEntryT()) continue;
    const prefix = `NETDATA_${shellName(chart.name)}`;
    out += `\n# chart: ${chart.id} (name: ${chart.name})\n`;
    let total = 0;
    for (const d of chart.dimensions) {
      const v = latest(chart, d.index);
      if (Number.isNaN(v)) continue;
      if (!d.hidden) total += v;
      out += `${prefix}_${shellName(d.name)}="${v.toFixed(0)}"      # ${chart.def.units}\n`;
    }
    out += `${prefix}_VISIBLETOTAL="${total.toFixed(0)}"      # ${chart.def.units}\n`;
  }
  return out + '\n# NETDATA ALARMS RUNNING\n';
}

function jsonFormat(host: HostProjection): string {
  const charts: string[] = [];
  for (const chart of host.charts()) {
    if (!chart.lastEntryT()) continue;
    const dims = chart.dimensions.map((d) => {
      const v = latest(chart, d.index);
      return `\t\t\t${JSON.stringify(d.def.id)}: {\n\t\t\t\t"name": ${JSON.stringify(d.name)},\n\t\t\t\t"value": ${Number.isNaN(v) ? 'null' : v.toFixed(7)}\n\t\t\t}`;
    });
    charts.push(
      `\t${JSON.stringify(chart.id)}: {\n\t\t"name":${JSON.stringify(chart.name)},\n\t\t"family":${JSON.stringify(chart.family)},\n\t\t"context":${JSON.stringify(chart.context)},\n` +
        `\t\t"units":${JSON.stringify(chart.def.units)},\n\t\t"last_updated": ${chart.lastEntryT()},\n\t\t"dimensions": {\n${dims.join(',\n')}\n\t\t}\n\t}`,
    );
  }
  return `{\n${charts.join(',\n')}\n}`;
}
