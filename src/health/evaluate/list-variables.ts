import type { ChartView, DimensionView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';
import { toDouble } from '../../projection/collection/int64';
import type { RunningAlert } from '../host-health';

/** One variable an alert can refer to: its name and how to read its value now. */
export type Variable = readonly [name: string, value: () => number];

/** The alerts of a host, as its variables see them. */
export interface AlertVariables {
  /** Alerts running on chart `chartId` and their `$this`, in the order they were attached. */
  on(chartId: string): Iterable<readonly [name: string, value: number]>;
  /** The chart's `green` and `red`. */
  thresholds(chartId: string): { green: number; red: number };
}

/** A chart's own variables (rrdsetvar), in the order Netdata 1.37 creates them. */
const CHART_VARIABLES: ReadonlyArray<readonly [string, (c: ChartView, alerts: AlertVariables) => number]> = [
  ['last_collected_t', (c) => c.lastEntryT()],
  ['green', (c, alerts) => alerts.thresholds(c.id).green],
  ['red', (c, alerts) => alerts.thresholds(c.id).red],
  ['update_every', (c) => c.updateEvery],
];

/** What each dimension gives (rrddimvar): its newest stored value, its last collected raw value, when that came. */
const DIMENSION_VARIABLES: ReadonlyArray<readonly [string, (c: ChartView, d: DimensionView) => number]> = [
  ['', (c, d) => c.valueAt(d.index, c.lastEntryT())],
  ['_raw', (c, d) => {
    const last = c.lastCollected(d.index);
    return last === undefined ? NaN : toDouble(last.value);
  }],
  ['_last_collected_t', (c, d) => Math.floor((c.lastCollected(d.index)?.ms ?? 0) / 1000)],
];

/** Netdata adds a name variant only where it differs (its dictionaries would hold the same key once anyway). */
const distinct = (...keys: string[]): string[] => [...new Set(keys)];

/** How one scope spells the variables of a chart: the prefixes put before each kind of name. */
interface Spelling {
  /** The chart's own and custom variables (rrdsetvar). */
  chart: string[];
  alerts: string[];
  dimensions: string[];
}

const LOCAL: Spelling = { chart: [''], alerts: [''], dimensions: [''] };

/** Family: `<chart>.<var>`, alerts as they are, dimensions as they are and as `<context>.<dim>`. */
const inFamily = (c: ChartView): Spelling => ({
  chart: distinct(`${c.id}.`, `${c.name}.`),
  alerts: [''],
  dimensions: distinct('', `${c.context}.`),
});

/** Host: everything as `<chart id or name>.<var>`; alerts name first, as rrdcalc_link_to_rrdset adds them. */
const inHost = (c: ChartView): Spelling => ({
  chart: distinct(`${c.id}.`, `${c.name}.`),
  alerts: distinct(`${c.name}.`, `${c.id}.`),
  dimensions: distinct(`${c.id}.`, `${c.name}.`),
});

/** The chart's custom VARIABLEs (those a collector sets). */
function* customVariables(chart: ChartView, s: Spelling): Generator<Variable> {
  for (const name of chart.variables().keys()) {
    for (const p of s.chart) yield [p + name, () => chart.variables().get(name) ?? NaN];
  }
}

/** What health adds for a chart: its own variables, its alerts' values, then per dimension value, raw, time. */
function* healthVariables(chart: ChartView, alerts: AlertVariables, s: Spelling): Generator<Variable> {
  for (const [name, value] of CHART_VARIABLES) for (const p of s.chart) yield [p + name, () => value(chart, alerts)];
  for (const [name, value] of alerts.on(chart.id)) for (const p of s.alerts) yield [p + name, () => value];
  for (const d of chart.dimensions) {
    for (const [suffix, value] of DIMENSION_VARIABLES) {
      for (const p of s.dimensions) for (const key of distinct(d.def.id, d.name)) yield [p + key + suffix, () => value(chart, d)];
    }
  }
}

/**
 * The variables of the given charts in one scope, in Netdata's order. On a parent the custom variables come first:
 * they exist from the moment the child sends them, while health creates the rest when it starts on the host (after
 * `postpone alarms on connect seconds`), as a Netdata 1.37.1 parent lists them.
 */
function* chartsVariables(charts: readonly ChartView[], spell: (c: ChartView) => Spelling, alerts: AlertVariables): Generator<Variable> {
  for (const c of charts) yield* customVariables(c, spell(c));
  for (const c of charts) yield* healthVariables(c, alerts, spell(c));
}

/** The host's custom VARIABLEs. */
function* hostCustomVariables(host: HostProjection): Generator<Variable> {
  const vars = host.variables();
  for (const name of vars.keys()) yield [name, () => vars.get(name) ?? NaN];
}

/** `$name` in the chart's scope (st->rrdvars). */
export const chartScope = (chart: ChartView, alerts: AlertVariables): Generator<Variable> => chartsVariables([chart], () => LOCAL, alerts);

/** `$name` in the scope of the chart's family (RRDFAMILY): every chart of the host in the same family. */
export const familyScope = (host: HostProjection, chart: ChartView, alerts: AlertVariables): Generator<Variable> =>
  chartsVariables([...host.charts()].filter((c) => c.family === chart.family), inFamily, alerts);

/** `$name` in the host's scope: its custom VARIABLEs, then every chart's variables as `<chart>.<var>`. */
export function* hostScope(host: HostProjection, alerts: AlertVariables): Generator<Variable> {
  yield* hostCustomVariables(host);
  yield* chartsVariables([...host.charts()], inHost, alerts);
}

/** The host-scope variables of one chart: those of hostScope() named `<this chart's id or name>.<var>`. */
export const chartInHostScope = (chart: ChartView, alerts: AlertVariables): Generator<Variable> => chartsVariables([chart], inHost, alerts);

/** The value of the first variable called `name`: where names repeat, Netdata keeps the one created first. */
export function findVariable(vars: Iterable<Variable>, name: string): number | undefined {
  for (const [n, value] of vars) if (n === name) return value();
  return undefined;
}

/** The variables of a scope once each (the first of each name), with their values now. */
export type ListedVariables = Array<readonly [name: string, value: number]>;

function distinctValues(vars: Iterable<Variable>): ListedVariables {
  const seen = new Map<string, number>();
  for (const [name, value] of vars) if (!seen.has(name)) seen.set(name, value());
  return [...seen];
}

/**
 * The running alerts of a host as its variables see them; a chart's green and red are those of its first alert that
 * has one (rrdcalc_link_to_rrdset).
 */
export function runningAlertVariables(running: readonly RunningAlert[]): AlertVariables {
  const byChart = new Map<string, RunningAlert[]>();
  for (const a of running) {
    const list = byChart.get(a.attached.chartId);
    if (list) list.push(a);
    else byChart.set(a.attached.chartId, [a]);
  }
  const first = (chartId: string, key: 'green' | 'red'): number =>
    byChart.get(chartId)?.map((a) => a.attached.definition[key]).find((v) => !Number.isNaN(v)) ?? NaN;
  return {
    on: (chartId) => (byChart.get(chartId) ?? []).map((a) => [a.attached.name, a.value] as const),
    thresholds: (chartId) => ({ green: first(chartId, 'green'), red: first(chartId, 'red') }),
  };
}

/**
 * What /api/v1/alarm_variables lists for `chart`: the variables its alerts can use in each scope, as Netdata 1.37's
 * health_api_v1_chart_variables2json walks them. `alerts` null: health does not run on the host, and Netdata then has
 * nothing but the host's custom variables.
 */
export function alertVariables(host: HostProjection, chart: ChartView, alerts: AlertVariables | null): Record<'chart' | 'family' | 'host', ListedVariables> {
  if (!alerts) return { chart: [], family: [], host: distinctValues(hostCustomVariables(host)) };
  return {
    chart: distinctValues(chartScope(chart, alerts)),
    family: distinctValues(familyScope(host, chart, alerts)),
    host: distinctValues(hostScope(host, alerts)),
  };
}
