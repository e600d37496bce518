import type { ChartView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';
import { dataSourceWord } from '../../exporting/data-source';
import { json, text, type Reply } from '../respond';
import {
  DATA_SOURCE_PARAMS, OUTPUT_FLAGS, defaultPrometheusOptions, prometheusReply, type OutputFlag,
} from './allmetrics-prometheus';

/** What the prometheus formats need beyond the host asked for. */
export interface ScrapeContext {
  /** Every host, for prometheus_all_hosts (default: the host asked for). */
  hosts?: Iterable<HostProjection>;
  /** The scraper's address: its `server` name unless the query gives one. */
  clientIp?: string;
  nowMs?: number;
}

/**
 * /api/v1/allmetrics: every dimension of a host, in Netdata 1.37's `shell` and `json` layouts (the newest stored
 * value; web/api/formatters/shell and json exporters) and its `prometheus` / `prometheus_all_hosts` formats
 * (allmetrics-prometheus.ts). Parameters are read as Netdata reads them: in order, the last one winning, and a
 * parameter with an empty value ignored.
 */
export function allmetricsRoute(host: HostProjection, params: URLSearchParams, scrape: ScrapeContext = {}): Reply {
  const given = [...params].filter(([name, value]) => name && value);
  let format = 'shell';
  for (const [name, value] of given) if (name === 'format') format = value;
  switch (format) {
    case 'shell':
      return text(shellFormat(host));
    case 'json':
      return json(jsonFormat(host));
    case 'prometheus':
    case 'prometheus_all_hosts': {
      const o = defaultPrometheusOptions(format === 'prometheus_all_hosts', scrape.clientIp ?? '');
      for (const [name, value] of given) {
        if (name === 'filter') o.filter = value;
        else if (name === 'server') o.server = value;
        else if (name === 'prefix') o.prefix = value;
        else if (DATA_SOURCE_PARAMS.includes(name)) o.source = dataSourceWord(value) ?? o.source; // an unknown word leaves it as it was
        else if (OUTPUT_FLAGS.includes(name as OutputFlag)) o[name as OutputFlag] = ['yes', '1', 'true'].includes(value);
      }
      return prometheusReply(host, scrape.hosts ?? [host], o, scrape.nowMs ?? Date.now());
    }
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
