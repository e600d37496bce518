import type { ChartView } from '../model/chart-view';
import { CAP } from '../net/capabilities';
import type { HostProjection } from '../projection/host-projection';
import {
  CLABEL_COMMIT_LINE,
  OVERWRITE_LABELS_LINE,
  formatChart,
  formatChartLabel,
  formatClaimedId,
  formatChartDefinitionEnd,
  formatDimension,
  formatHostLabel,
  formatVariable,
} from '../protocol/encoder';
import type { ChartFilter } from './chart-filter';

/** The projection keeps no source for chart labels: they go as automatic (1), what collectors give them. */
const CHART_LABEL_SOURCE = 1;

/**
 * What a new upstream connection gets first, from the host's projection: its labels and OVERWRITE, its claim id, every
 * chart that goes (CHART, CLABELs and CLABEL_COMMIT, DIMENSIONs, chart VARIABLEs, in rrdpush_send_chart_definition's
 * order, then CHART_DEFINITION_END when the parent negotiated REPLICATION) and its host VARIABLEs. The chart being
 * defined on the receiving side comes last, so the DIMENSIONs still to arrive for it land on it upstream too; its
 * CHART_DEFINITION_END is left to the sender, for when its definition ends. `now`: wall clock, seconds.
 */
export function hostStateLines(projection: HostProjection, caps: number, filter: ChartFilter, now: number): string {
  const out: string[] = [];
  const labels = projection.hostLabels();
  if (caps & CAP.HLABELS && labels.size) {
    const sources = projection.hostLabelSources();
    for (const [name, value] of labels) out.push(formatHostLabel(name, sources.get(name) ?? 1, value));
    out.push(OVERWRITE_LABELS_LINE);
  }
  if (caps & CAP.CLAIM) out.push(formatClaimedId(projection.identity.machineGuid, projection.claimedId()));
  let defining: ChartView | undefined;
  for (const chart of projection.charts()) {
    if (!filter.sends(chart.id, chart.name)) continue;
    if (chart.id === filter.defining) defining = chart;
    else {
      chartLines(chart, caps, out);
      if (caps & CAP.REPLICATION) out.push(chartDefinitionEnd(chart, now));
    }
  }
  if (defining) chartLines(defining, caps, out);
  for (const [name, value] of projection.variables()) out.push(formatVariable('HOST', name, value));
  return out.length ? out.join('\n') + '\n' : '';
}

function chartLines(chart: ChartView, caps: number, out: string[]): void {
  out.push(formatChart(chart.def, chart.updateEvery));
  const labels = chart.labels();
  if (caps & CAP.CLABELS && labels.size) {
    for (const [name, value] of labels) out.push(formatChartLabel(name, value, CHART_LABEL_SOURCE));
    out.push(CLABEL_COMMIT_LINE);
  }
  for (const d of chart.dimensions) out.push(formatDimension(d.def));
  for (const [name, value] of chart.variables()) out.push(formatVariable('CHART', name, value));
}

/** `CHART_DEFINITION_END first last now`: the chart's stored range (0 0 when none), its last entry not after now. */
export function chartDefinitionEnd(chart: ChartView, now: number): string {
  return formatChartDefinitionEnd(chart.firstEntryT(), Math.min(chart.lastEntryT(), now), now);
}
