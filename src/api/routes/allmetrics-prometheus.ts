/**
 * /api/v1/allmetrics?format=prometheus and format=prometheus_all_hosts, as a Netdata 1.37.1 parent answers them
 * (exporting/prometheus/prometheus.c, exporting/process_data.c, web/api/exporters/allmetrics.c), with the defaults
 * of its built-in prometheus exporter instance: prefix `netdata`, source `average`, names on, update every 10 s,
 * configured host labels sent and automatic ones not.
 *
 * Compared with a real 1.37.1 parent (test/api/allmetrics-prometheus.test.ts): streamed charts are always printed as
 * "homogeneous" (1.37.1 never raises RRDSET_FLAG_HOMOGENEOUS_CHECK for them), chart labels are not exported, and the
 * TYPE line of an as-collected counter has no `_total`.
 */
import { SimplePattern } from '../../config/simple-pattern';
import type { ChartView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';
import type { DataSource } from '../../exporting/data-source';
import { storedValue } from '../../exporting/stored-value';
import { hasOption, isCounter } from '../../model/options';
import type { Reply } from '../respond';
import { ELEMENT_MAX, fixed7, promLabel, promName, promUnits } from './prometheus-text';

export interface PrometheusOptions {
  allHosts: boolean;
  server: string;
  prefix: string;
  source: DataSource;
  /** Simple pattern on chart names (the exporter sends names), or null for every chart. */
  filter: string | null;
  help: boolean;
  types: boolean;
  names: boolean;
  timestamps: boolean;
  variables: boolean;
  oldunits: boolean;
  hideunits: boolean;
}

export type OutputFlag = 'help' | 'types' | 'names' | 'timestamps' | 'variables' | 'oldunits' | 'hideunits';
export const OUTPUT_FLAGS: readonly OutputFlag[] = ['help', 'types', 'names', 'timestamps', 'variables', 'oldunits', 'hideunits'];
export const DATA_SOURCE_PARAMS = ['data', 'source', 'data source', 'data-source', 'data_source', 'datasource'];

/** The scraper's default `server`: its address, loopback named "localhost" as Netdata's accept() names it. */
const serverName = (ip: string): string => (ip === '127.0.0.1' || ip === '::1' ? 'localhost' : ip);

export function defaultPrometheusOptions(allHosts: boolean, clientIp: string): PrometheusOptions {
  return {
    allHosts, server: serverName(clientIp), prefix: 'netdata', source: 'average', filter: null,
    help: false, types: false, names: true, timestamps: true, variables: false, oldunits: false, hideunits: false,
  };
}

/** EXPORTING_UPDATE_EVERY_DEFAULT: a scraper seen for the first time gets the last 10 seconds. */
const EXPORTER_UPDATE_EVERY = 10;

/**
 * prometheus_server_last_access(): the second each (host, server) pair last scraped, keyed by the host object as
 * Netdata keys it by RRDHOST pointer; like Netdata's list it lives as long as the host does.
 */
const lastAccess = new WeakMap<HostProjection, Map<string, number>>();

function previousScrape(host: HostProjection, server: string, now: number): number {
  let servers = lastAccess.get(host);
  if (!servers) lastAccess.set(host, (servers = new Map()));
  const last = servers.get(server) ?? 0;
  servers.set(server, now);
  return last;
}

interface Scrape {
  o: PrometheusOptions;
  /** Seconds: the previous scrape of this server (or now - 10) and now. */
  after: number;
  before: number;
  nowMs: number;
  filter: SimplePattern | null;
}

export function prometheusReply(host: HostProjection, hosts: Iterable<HostProjection>, o: PrometheusOptions, nowMs: number): Reply {
  const now = Math.floor(nowMs / 1000);
  const server = o.server || 'default';
  const last = previousScrape(host, server, now);
  const after = last && last <= now ? last : now - EXPORTER_UPDATE_EVERY;
  let body = '';
  if (o.help) {
    const mode = o.source;
    body +=
      `# COMMENT netdata "${host.identity.hostname}" to ${last ? '' : 'FIRST SEEN '}prometheus "${server}", source "${mode}", ` +
      `last seen ${last ? now - after : 0} ${last ? 'seconds ago' : 'never'}, time range ${after} to ${now}\n\n`;
  }
  const s: Scrape = { o, after, before: now, nowMs, filter: o.filter ? new SimplePattern(o.filter) : null };
  for (const h of o.allHosts ? hosts : [host]) body += hostMetrics(h, s);
  return { status: 200, contentType: 'text/plain; version=0.0.4', body };
}

/** Host labels the exporter sends: those with the configured source bit (RRDLABEL_SRC_CONFIG). */
function configuredLabels(host: HostProjection): string {
  const sources = host.hostLabelSources();
  const out: string[] = [];
  for (const [name, value] of host.hostLabels()) {
    if (!((sources.get(name) ?? 0) & 2)) continue;
    const k = promName(name);
    const v = promLabel(value);
    if (k && v) out.push(`${k}="${v}"`);
  }
  return out.join(',');
}

function hostMetrics(host: HostProjection, s: Scrape): string {
  const { o } = s;
  const hostname = promLabel(host.identity.hostname);
  const labels = configuredLabels(host);
  let out =
    `netdata_info{instance="${hostname}",application="${host.identity.programName}",version="${host.identity.programVersion}"` +
    `${labels ? `,${labels}` : ''}} 1${o.timestamps ? ` ${s.nowMs}` : ''}\n`;
  const instance = o.allHosts ? `,instance="${hostname}"` : '';
  if (o.variables) out += hostVariables(host, s, instance.slice(1));
  for (const chart of host.charts()) {
    // rrdset_is_available_for_exporting_and_alarms(): not obsolete, and with dimensions
    if (hasOption(chart.def.options, 'obsolete') || !chart.dimensions.length) continue;
    if (s.filter && !s.filter.matches(chart.name)) continue;
    // without a database only the as-collected values exist
    if (!host.storage && o.source !== 'as collected') continue;
    out += chartMetrics(chart, s, instance);
  }
  return out;
}

function hostVariables(host: HostProjection, s: Scrape, labels: string): string {
  const { o } = s;
  let out = o.help && host.variables().size ? '\n# COMMENT global host and chart variables\n' : '';
  for (const [name, value] of host.variables()) {
    if (!Number.isFinite(value)) {
      if (o.help) out += `# COMMENT variable "${name}" is ${Number.isNaN(value) ? 'NAN' : 'INF'}. Skipped.\n`;
      continue;
    }
    out += `${o.prefix}_${promName(name, ELEMENT_MAX + 1)}${labels ? `{${labels}}` : ''} ${fixed7(value)}${o.timestamps ? ` ${s.before * 1000}` : ''}\n`;
  }
  return out;
}


function chartMetrics(chart: ChartView, s: Scrape, instance: string): string {
  const { o } = s;
  const chartLabel = promLabel(o.names ? chart.name : chart.id);
  const family = promLabel(chart.family);
  const context = promName(chart.context);
  const units = o.source === 'average' && !o.hideunits ? promUnits(chart.def.units, o.oldunits) : '';
  let out = o.help
    ? `\n# COMMENT homogeneous chart "${o.names ? chart.name : chart.id}", context "${chart.context}", family "${chart.family}", units "${chart.def.units}"\n`
    : '';
  for (const d of chart.dimensions) {
    const collected = chart.lastCollected(d.index);
    if (!collected || hasOption(d.def.options, 'obsolete')) continue;
    const dimName = o.names ? d.name : d.def.id;
    const labels = `{chart="${chartLabel}",family="${family}",dimension="${promLabel(dimName)}"${instance}}`;
    if (o.source === 'as collected') {
      if (Math.floor(collected.ms / 1000) < s.after) continue;
      const prometheusCollector = chart.def.module === 'prometheus';
      const type = isCounter(d.def) ? 'counter' : 'gauge';
      const suffix = isCounter(d.def) && !prometheusCollector ? '_total' : '';
      if (o.help) {
        out +=
          `# COMMENT ${o.prefix}_${context}${suffix}: chart "${o.names ? chart.name : chart.id}", context "${chart.context}", ` +
          `family "${chart.family}", dimension "${dimName}", value * ${prometheusCollector ? '1 / 1' : `${d.def.multiplier} / ${d.def.divisor}`} ` +
          `${isCounter(d.def) ? 'delta gives' : 'gives'} ${chart.def.units} (${type})\n`;
      }
      if (o.types) out += `# TYPE ${o.prefix}_${context} ${type}\n`;
      const value = prometheusCollector
        ? fixed7((Number(collected.value) * d.def.multiplier) / d.def.divisor)
        : String(collected.value);
      out += `${o.prefix}_${context}${suffix}${labels} ${value}${o.timestamps ? ` ${collected.ms}` : ''}\n`;
    } else {
      const v = storedValue(chart, d.index, s.after, s.before, { sum: false, repeat: true });
      if (!v) continue;
      const metric = `${o.prefix}_${context}${units}_${o.source}`;
      if (o.help) {
        out += `# COMMENT ${metric}: dimension "${dimName}", value is ${chart.def.units}, gauge, dt ${s.after} to ${v.lastT} inclusive\n`;
      }
      if (o.types) out += `# TYPE ${metric} gauge\n`;
      out += `${metric}${labels} ${fixed7(v.value)}${o.timestamps ? ` ${v.lastT * 1000}` : ''}\n`;
    }
  }
  return out;
}
