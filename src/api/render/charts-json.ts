import type { HostProjection } from '../../projection/host-projection';
import { chartJson, isChartListed, listedDimensions } from './chart-json';

export interface ChartsMeta {
  version: string;
  history: number;
  memoryMode: string;
  /** Hostnames this server holds, for `hosts_count`/`hosts`; left out when not given. */
  hosts?: string[];
}

/** Bytes of one stored point (a storage number). */
const POINT_BYTES = 4;

/** /api/v1/charts of a host, as Netdata 1.37's charts2json() writes it. */
export function renderCharts(host: HostProjection, meta: ChartsMeta): string {
  const id = host.identity;
  const q = (s: string): string => JSON.stringify(s);
  const charts: string[] = [];
  let dimensions = 0;
  let storedPoints = 0;
  for (const chart of host.charts()) {
    if (meta.memoryMode !== 'none') storedPoints += chart.dimensions.length * meta.history;
    if (!isChartListed(chart)) continue;
    dimensions += listedDimensions(chart).length;
    charts.push(`\n\t\t${q(chart.id)}: ${chartJson(chart)}`);
  }
  const lines = [
    '{',
    `\t"hostname": ${q(id.hostname)},`,
    `\t"version": ${q(meta.version)},`,
    '\t"release_channel": "stable",',
    `\t"os": ${q(id.os)},`,
    `\t"timezone": ${q(id.timezone)},`,
    `\t"update_every": ${id.updateEvery},`,
    `\t"history": ${meta.history},`,
    `\t"memory_mode": ${q(meta.memoryMode)},`,
    '\t"custom_info": "",',
    `\t"charts": {${charts.join(',')}`,
    '\t},',
    `\t"charts_count": ${charts.length},`,
    `\t"dimensions_count": ${dimensions},`,
    '\t"alarms_count": 0,',
    `\t"rrd_memory_bytes": ${storedPoints * POINT_BYTES}${meta.hosts ? ',' : ''}`,
  ];
  if (meta.hosts) {
    lines.push(`\t"hosts_count": ${meta.hosts.length},`, '\t"hosts": [');
    lines.push(meta.hosts.map((h) => `\t\t{\n\t\t\t"hostname": ${q(h)}\n\t\t}`).join(',\n'));
    lines.push('\t]');
  }
  lines.push('}');
  return lines.join('\n');
}
