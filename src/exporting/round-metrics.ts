import type { Host } from '../hosts/host';
import type { ChartView, DimensionView } from '../model/chart-view';
import { hasOption, isCounter } from '../model/options';
import type { ExportingSettings } from './exporting-settings';
import type { BatchFormatter, ExportHost, ExportMetric } from './formats/batch-formatter';
import { storedValue } from './stored-value';

/** RRDLABEL_SRC_AUTO and RRDLABEL_SRC_CONFIG, the label source bits a LABEL line carries. */
const LABEL_AUTO = 1;
const LABEL_CONFIG = 2;


/** The name `send hosts matching` is matched against: the parent itself is `localhost`, as in Netdata. */
export function exportedHostName(host: Host, localhost: Host): string {
  return host === localhost ? 'localhost' : host.hostname;
}

function exportHost(s: ExportingSettings, host: Host, localhost: Host): ExportHost {
  const p = host.projection;
  const sources = p.hostLabelSources();
  const labels: Array<[string, string]> = [];
  for (const [k, v] of p.hostLabels()) {
    const src = sources.get(k) ?? 0;
    if ((s.sendConfiguredLabels && src & LABEL_CONFIG) || (s.sendAutomaticLabels && src & LABEL_AUTO)) labels.push([k, v]);
  }
  const own = host === localhost;
  return {
    hostname: own ? s.hostname : host.hostname,
    tags: own ? s.hostTags : p.identity.tags,
    labels,
    programName: p.identity.programName || 'netdata',
    programVersion: p.identity.programVersion,
  };
}

/** The `send charts matching` answer of a chart, kept while its name is the same (one pattern per instance). */
const matchCache = new WeakMap<ExportingSettings, WeakMap<ChartView, { name: string; yes: boolean }>>();

/** Netdata's rrdset_is_exportable(): not obsolete, with dimensions, matching `send charts matching` by id or name. */
function exportable(s: ExportingSettings, chart: ChartView): boolean {
  if (hasOption(chart.def.options, 'obsolete') || !chart.dimensions.length) return false;
  let charts = matchCache.get(s);
  if (!charts) matchCache.set(s, (charts = new WeakMap()));
  const known = charts.get(chart);
  if (known && known.name === chart.name) return known.yes;
  const yes = s.sendCharts.matches(chart.id) || s.sendCharts.matches(chart.name);
  charts.set(chart, { name: chart.name, yes });
  return yes;
}

function metricOf(s: ExportingSettings, chart: ChartView, d: DimensionView, value: number | bigint, collected: boolean, timestampMs: number): ExportMetric {
  return {
    chartId: chart.id,
    chartName: chart.name,
    family: chart.family,
    context: chart.context,
    chartType: chart.type,
    units: chart.def.units,
    dimId: d.def.id,
    dimName: d.name,
    chart: s.sendNames ? chart.name : chart.id,
    dim: s.sendNames ? d.name : d.def.id,
    module: chart.def.module,
    counter: isCounter(d.def),
    value,
    collected,
    timestampMs,
  };
}

/** One round of an instance: its window in whole seconds (stored values) and in milliseconds as it ran (collected). */
export interface Round {
  /** The previous round's `before`, and this round's second. */
  after: number;
  before: number;
  /** When the previous round and this one ran (ms): a collected value belongs to the round after its arrival. */
  fromMs: number;
  nowMs: number;
}

/**
 * Formats one host's metrics of a round: as collected, each dimension's last collected value when it arrived since
 * the previous round ran (so each value goes once, even when values arrive right at the second's start); average or
 * sum, the value of its stored points in the window (stored-value.ts). A host kept without points (memory mode
 * none) only has its collected values.
 */
export function formatHost(s: ExportingSettings, host: Host, localhost: Host, r: Round, out: BatchFormatter): void {
  const p = host.projection;
  const collected = s.dataSource === 'as collected';
  if (!collected && !p.storage) return;
  const eh = exportHost(s, host, localhost);
  out.startHost(eh, r.nowMs);
  for (const chart of p.charts()) {
    if (!exportable(s, chart)) continue;
    for (const d of chart.dimensions) {
      if (hasOption(d.def.options, 'obsolete')) continue;
      if (collected) {
        const last = chart.lastCollected(d.index);
        if (!last || last.ms < r.fromMs || last.ms >= r.nowMs) continue;
        out.metric(eh, metricOf(s, chart, d, last.value, true, last.ms));
      } else {
        const v = storedValue(chart, d.index, r.after, r.before, { sum: s.dataSource === 'sum', repeat: false });
        if (v) out.metric(eh, metricOf(s, chart, d, v.value, false, v.lastT * 1000));
      }
    }
  }
}
