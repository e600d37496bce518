import { SimplePattern } from '../../config/simple-pattern';
import type { AlertDefinition } from '../config/alert-definition';

/** What attaching alerts needs to know of a host. */
export interface HostFacts {
  hostname: string;
  os: string;
  labels: ReadonlyMap<string, string>;
}

/** What attaching alerts needs to know of a chart. */
export interface ChartFacts {
  id: string;
  name: string;
  context: string;
  family: string;
  plugin: string;
  module: string;
  dimensions: ReadonlyArray<{ id: string; name: string }>;
}

/** One alert running on one chart: from an `alarm:` or a `template:`, or one dimension of a `foreach`. */
export interface AttachedAlert {
  definition: AlertDefinition;
  /** The alert's name: the definition's, or `<name>_<dimension>` for a foreach. */
  name: string;
  chartId: string;
  /** The dimension a foreach alert watches; null otherwise. */
  dimension: string | null;
}

const patterns = new Map<string, SimplePattern>();
/** Netdata's health patterns are exact simple patterns; compiled once per text. */
function matches(pattern: string | null, ...values: string[]): boolean {
  if (pattern === null) return true;
  let p = patterns.get(pattern);
  if (!p) patterns.set(pattern, (p = new SimplePattern(pattern)));
  return values.some((v) => p!.matches(v));
}

/** `os` and `hosts` are decided per host when Netdata reads the files; `host labels` when it links the alert. */
export function appliesToHost(d: AlertDefinition, host: HostFacts): boolean {
  if (!matches(d.os, host.os) || !matches(d.hosts, host.hostname)) return false;
  if (d.hostLabels === null) return true;
  return [...host.labels].some(([k, v]) => matches(d.hostLabels, `${k}=${v}`));
}

function appliesToChart(d: AlertDefinition, chart: ChartFacts): boolean {
  if (d.kind === 'alarm') {
    if (d.on !== chart.id && d.on !== chart.name) return false;
  } else {
    if (d.on !== chart.context) return false;
    if (!matches(d.families, chart.family)) return false;
    if (!matches(d.charts, chart.id, chart.name)) return false;
  }
  return matches(d.plugin, chart.plugin) && matches(d.module, chart.module);
}

/**
 * The alerts of `definitions` that run on `chart` of `host`, as Netdata 1.37 links them: alarms by chart id or name,
 * templates by context and their families/charts patterns, both by plugin/module and host patterns. The first
 * alert of a name on a chart wins; alarms come before templates (Netdata adds them when it reads the files and
 * links templates to charts later, skipping a name the chart already has).
 */
export function alertsForChart(definitions: readonly AlertDefinition[], host: HostFacts, chart: ChartFacts): AttachedAlert[] {
  const out: AttachedAlert[] = [];
  const names = new Set<string>();
  const add = (a: AttachedAlert) => {
    if (names.has(a.name)) return;
    names.add(a.name);
    out.push(a);
  };
  for (const kind of ['alarm', 'template'] as const) {
    for (const d of definitions) {
      if (d.kind !== kind || !appliesToChart(d, chart) || !appliesToHost(d, host)) continue;
      const foreach = d.lookup?.foreach;
      if (!foreach) {
        add({ definition: d, name: d.name, chartId: chart.id, dimension: null });
        continue;
      }
      const pattern = foreach.replace(/[,|]/g, ' ');
      for (const dim of chart.dimensions) {
        if (matches(pattern, dim.id, dim.name)) add({ definition: d, name: `${d.name}_${dim.name.replace(/[^A-Za-z0-9_.]/g, '_')}`, chartId: chart.id, dimension: dim.id });
      }
    }
  }
  return out;
}
