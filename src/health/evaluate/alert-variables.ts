import type { ChartView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';
import { chartInHostScope, chartScope, familyScope, findVariable, type AlertVariables } from './list-variables';

/** What an alert's expressions may refer to besides the chart and the host: its own run's values. */
export interface AlertScope {
  this: number;
  status: number;
  now: number;
  after: number;
  before: number;
  green: number;
  red: number;
  /** Values of the other alerts of the chart and of the host, by name and by `chart.name`. */
  alertValue(name: string): number | undefined;
}

/**
 * Resolves `$name` for an alert on `chart` of `host`, in the order Netdata 1.37 looks variables up: the alert's own
 * (this, status, now, after, before, green, red), then the chart's scope, its family's and the host's, which
 * list-variables.ts spells out (the same names /api/v1/alarm_variables lists): chart variables and custom VARIABLEs,
 * alert values, each dimension by id and name with `_raw` and `_last_collected_t`; in the family also other charts'
 * and `<context>.<dim>`; in the host its VARIABLEs and everything as `<chart>.<var>`.
 */
export function alertResolver(scope: AlertScope, chart: ChartView, host: HostProjection): (name: string) => number | undefined {
  return (name) => {
    switch (name) {
      case 'this': return scope.this;
      case 'status': return scope.status;
      case 'now': return scope.now;
      case 'after': return scope.after;
      case 'before': return scope.before;
      case 'green': return scope.green;
      case 'red': return scope.red;
    }
    const alerts = alertsNamed(name, scope, chart);
    return findVariable(chartScope(chart, alerts), name) ?? findVariable(familyScope(host, chart, alerts), name) ?? hostVariable(host, name, alerts);
  };
}

/** Every way to cut `name` at a dot: [before, after]. */
const dotSplits = (name: string): Array<[string, string]> => [...name.matchAll(/\./g)].map((m) => [name.slice(0, m.index), name.slice(m.index + 1)]);

const NO_THRESHOLDS = { green: NaN, red: NaN };

/**
 * The alerts as one expression sees them: it can ask for an alert by name but not list them, so for `name` they are
 * the alerts `name` can refer to (`name` itself, or what follows one of its dots) on the charts that run them. Of
 * green and red it knows only its own alert's (Netdata's chart green/red is its first alert's that has one).
 */
function alertsNamed(name: string, scope: AlertScope, chart: ChartView): AlertVariables {
  const candidates = [name, ...dotSplits(name).map(([, rest]) => rest)];
  return {
    *on(chartId) {
      for (const a of candidates) {
        const v = scope.alertValue(`${chartId}.${a}`);
        if (v !== undefined) yield [a, v];
      }
    },
    thresholds: (chartId) => (chartId === chart.id ? { green: scope.green, red: scope.red } : NO_THRESHOLDS),
  };
}

/**
 * The host's scope without walking all of it: a custom VARIABLE, else `<chart>.<var>` of the chart whose id or name
 * is the part before one of the dots.
 */
function hostVariable(host: HostProjection, name: string, alerts: AlertVariables): number | undefined {
  const custom = host.variables().get(name);
  if (custom !== undefined) return custom;
  for (const [prefix] of dotSplits(name)) {
    const chart = host.chart(prefix);
    const value = chart && findVariable(chartInHostScope(chart, alerts), name);
    if (value !== undefined) return value;
  }
  return undefined;
}
