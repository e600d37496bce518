import type { ChartView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';
import { toDouble } from '../../projection/collection/int64';

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
 * (this, status, now, after, before, green, red), the chart's (update_every, last_collected_t, every dimension by id
 * and by name as its newest stored value, `<dim>_raw` its last collected value, `<dim>_last_collected_t`, the chart's
 * custom VARIABLEs), other alerts, then the host's (`<chart>.<dimension>`, host VARIABLEs).
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
      case 'update_every': return chart.updateEvery;
      case 'last_collected_t': return chart.lastEntryT();
    }
    return dimensionVariable(chart, name) ?? chart.variables().get(name) ?? scope.alertValue(name) ?? hostVariable(host, name);
  };
}

function dimensionVariable(chart: ChartView, name: string): number | undefined {
  for (const d of chart.dimensions) {
    for (const key of [d.def.id, d.name]) {
      if (name === key) return chart.valueAt(d.index, chart.lastEntryT());
      if (name === `${key}_raw`) {
        const last = chart.lastCollected(d.index);
        return last === undefined ? NaN : toDouble(last.value);
      }
      if (name === `${key}_last_collected_t`) return Math.floor((chart.lastCollected(d.index)?.ms ?? 0) / 1000);
    }
  }
  return undefined;
}

function hostVariable(host: HostProjection, name: string): number | undefined {
  const v = host.variables().get(name);
  if (v !== undefined) return v;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const chart = host.chart(name.slice(0, dot));
  return chart ? dimensionVariable(chart, name.slice(dot + 1)) : undefined;
}
