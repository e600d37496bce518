import type { ChartView } from '../model/chart-view';
import type { HostProjection } from '../projection/host-projection';
import { alertsForChart, type AttachedAlert, type ChartFacts, type HostFacts } from './attach/match-alerts';
import type { AlertDefinition } from './config/alert-definition';
import { AlarmState, STATUS_CODE, statusOf, type Transition } from './evaluate/alarm-status';
import { alertResolver, type AlertScope } from './evaluate/alert-variables';
import { lookupValue } from './evaluate/lookup-value';
import { evaluateExpression, type EvalResult } from './expression';

/** One alert running on one chart of a host, with what /api/v1/alarms shows of it. */
export interface RunningAlert {
  id: number;
  attached: AttachedAlert;
  state: AlarmState;
  /** `$this` after the lookup and calc of the last run; NaN before the first. */
  value: number;
  /** `$this` of the run before (Netdata's old_value). */
  oldValue: number;
  /** The warn and crit results of the last run (what a notification quotes). */
  warnResult: EvalResult | null;
  critResult: EvalResult | null;
  lastUpdated: number;
  nextUpdate: number;
  dbAfter: number;
  dbBefore: number;
  /** Why the last run has no value (lookup or calc failed); null when it has one. */
  problem: string | null;
  lastTransition: Transition | null;
}

const chartFacts = (c: ChartView): ChartFacts => ({
  id: c.id, name: c.name, context: c.context, family: c.family, plugin: c.def.plugin, module: c.def.module,
  dimensions: c.dimensions.map((d) => ({ id: d.def.id, name: d.name })),
});

/**
 * The health of one host: attaches the configured alerts to its charts as they appear (and removes those of charts
 * that went away), runs each at its `every` (lookup, calc, warn, crit) and keeps its status with Netdata's delay rules.
 * Each change of status is handed to `onTransition` (the alarm log).
 */
export class HostHealth {
  private readonly alerts = new Map<string, RunningAlert>();
  private nextId = 1;

  constructor(
    private readonly definitions: readonly AlertDefinition[],
    private readonly projection: HostProjection,
    private readonly host: () => HostFacts,
    private readonly onTransition: (alert: RunningAlert, t: Transition) => void,
  ) {}

  list(): RunningAlert[] {
    return [...this.alerts.values()];
  }

  /** Attaches alerts to charts that have none yet; an alert whose chart is gone is REMOVED and dropped. */
  sync(now: number): void {
    const host = this.host();
    const seen = new Set<string>();
    for (const chart of this.projection.charts()) {
      for (const attached of alertsForChart(this.definitions, host, chartFacts(chart))) {
        const key = `${attached.chartId}.${attached.name}`;
        seen.add(key);
        if (this.alerts.has(key)) continue;
        const a: RunningAlert = {
          id: this.nextId++, attached, state: new AlarmState(attached.definition.delay, now), value: NaN, oldValue: NaN,
          warnResult: null, critResult: null, lastUpdated: 0, nextUpdate: now, dbAfter: 0, dbBefore: 0, problem: null,
          lastTransition: null,
        };
        this.alerts.set(key, a);
        // Netdata logs the creation of an alert as a change from UNINITIALIZED to UNINITIALIZED
        this.onTransition(a, { when: now, from: 'UNINITIALIZED', to: 'UNINITIALIZED', delay: 0, notifyAt: now, duration: 0 });
      }
    }
    for (const [key, a] of this.alerts) {
      if (seen.has(key)) continue;
      this.record(a, a.state.update('REMOVED', now));
      this.alerts.delete(key);
    }
  }

  /** Runs every alert that is due at `now` (seconds). */
  evaluate(now: number): void {
    for (const a of this.alerts.values()) if (now >= a.nextUpdate) this.run(a, now);
  }

  private run(a: RunningAlert, now: number): void {
    const d = a.attached.definition;
    const chart = this.projection.chart(a.attached.chartId);
    if (!chart) return;
    // Netdata leaves an alert UNINITIALIZED while its chart has nothing stored, or less history than its lookup spans
    const first = chart.firstEntryT();
    if (!first || (d.lookup && first > now + d.lookup.after)) {
      a.nextUpdate = now + d.every;
      return;
    }
    a.problem = null;
    a.oldValue = a.value;
    let value = NaN;
    if (d.lookup) {
      const r = lookupValue(this.projection, chart.id, d.lookup, a.attached.dimension, now);
      value = r.value;
      a.dbAfter = now + d.lookup.after;
      a.dbBefore = now + d.lookup.before;
      if (r.error) a.problem = r.error;
    }
    const scope: AlertScope = {
      this: value, status: STATUS_CODE[a.state.status], now, after: a.dbAfter, before: a.dbBefore, green: d.green, red: d.red,
      alertValue: (name) => this.valueOf(chart.id, name),
    };
    const resolve = alertResolver(scope, chart, this.projection);
    if (d.calc) {
      const r = evaluateExpression(d.calc.expression, resolve);
      scope.this = r.value;
      if (!r.ok) a.problem = `calculation failed: ${r.error}`;
    }
    a.value = scope.this;
    a.warnResult = d.warn ? evaluateExpression(d.warn.expression, resolve) : null;
    a.critResult = d.crit ? evaluateExpression(d.crit.expression, resolve) : null;
    this.record(a, a.state.update(statusOf(a.warnResult, a.critResult), now));
    a.lastUpdated = now;
    a.nextUpdate = now + d.every;
  }

  /** Another alert's value: `name` on the same chart, or `chart.name` anywhere on the host. */
  private valueOf(chartId: string, name: string): number | undefined {
    return (this.alerts.get(`${chartId}.${name}`) ?? this.alerts.get(name))?.value;
  }

  private record(a: RunningAlert, t: Transition | null): void {
    if (!t) return;
    a.lastTransition = t;
    this.onTransition(a, t);
  }
}
