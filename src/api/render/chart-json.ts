import type { ChartView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';
import { formatNumber } from '../../query/number-format';

const q = (s: string): string => JSON.stringify(s);

/** A chart in /api/v1/charts and /api/v1/chart: not hidden or obsolete (Netdata: available for viewers). */
export function isChartListed(chart: ChartView): boolean {
  const options = chart.def.options.split(/\s+/);
  return !options.includes('hidden') && !options.includes('obsolete');
}

/** Dimensions Netdata shows of a chart: all but the hidden ones. */
export function listedDimensions(chart: ChartView): ChartView['dimensions'] {
  return chart.dimensions.filter((d) => !d.hidden);
}

/**
 * One chart as Netdata 1.37's rrdset2json() writes it (tab-indented for its place inside /api/v1/charts),
 * in the same key order.
 */
export function chartJson(chart: ChartView): string {
  const first = chart.firstEntryT();
  const last = chart.lastEntryT();
  const dims = listedDimensions(chart).map((d) => `\t\t\t\t${q(d.def.id)}: { "name": ${q(d.name)} }`);
  const vars = [...chart.variables()].map(([k, v]) => `\n\t\t\t\t${q(k)}: ${formatNumber(v)}`);
  const labels = [...chart.labels()].map(([k, v]) => `\t\t\t\t${q(k)}:${q(v)}`);
  return [
    '\t\t{',
    `\t\t\t"id": ${q(chart.id)},`,
    `\t\t\t"name": ${q(chart.name)},`,
    `\t\t\t"type": ${q(chart.type)},`,
    `\t\t\t"family": ${q(chart.family)},`,
    `\t\t\t"context": ${q(chart.context)},`,
    `\t\t\t"title": ${q(`${chart.def.title} (${chart.name})`)},`,
    `\t\t\t"priority": ${chart.def.priority},`,
    `\t\t\t"plugin": ${q(chart.def.plugin)},`,
    `\t\t\t"module": ${q(chart.def.module)},`,
    `\t\t\t"units": ${q(chart.def.units)},`,
    `\t\t\t"data_url": ${q(`/api/v1/data?chart=${chart.name}`)},`,
    `\t\t\t"chart_type": ${q(chart.def.chartType)},`,
    `\t\t\t"duration": ${last - first + chart.updateEvery},`,
    `\t\t\t"first_entry": ${first},`,
    `\t\t\t"last_entry": ${last},`,
    `\t\t\t"update_every": ${chart.updateEvery},`,
    '\t\t\t"dimensions": {',
    dims.join(',\n'),
    '\t\t\t},',
    `\t\t\t"chart_variables": {${vars.join(',')}`,
    '\t\t\t},',
    '\t\t\t"green": null,',
    '\t\t\t"red": null,',
    '\t\t\t"alarms": {',
    '',
    '\t\t\t},',
    '\t\t\t"chart_labels": {',
    labels.join(',\n'),
    '\t\t\t},',
    '\t\t\t"functions": {',
    '\t\t\t}',
    '\t\t}',
  ].join('\n');
}

/** /api/v1/chart?chart=... of a host. */
export function renderChart(_host: HostProjection, chart: ChartView): string {
  return chartJson(chart);
}
