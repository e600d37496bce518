/**
 * What the load generator's simulated children define and collect, as pure functions of
 * (child index, chart index, dimension index, second), so a test can predict every value a parent stores.
 *
 * The chart mix follows a real Netdata child: mostly incremental counters (network-like, with the
 * 8/1000 and -8/1000 kilobit scaling), some absolute gauges, one percentage-of-incremental-row chart shaped
 * like system.cpu, and a few charts whose values live above 2^53 and near 2^63-1, where a parser that goes
 * through doubles loses the per-second deltas. The parity mix (loadgen-parity.ts) instead covers the corners of
 * the value engine, for comparing two parents fed the same stream.
 */
import type { Algorithm, ChartDef, DimDef, Int64 } from '../../src/model/types';
import { fnv1a, mix } from './loadgen-hash';
import { type ParityKind, parityChart, paritySkips, parityValue } from './loadgen-parity';

export type DefaultKind = 'cpu' | 'counter' | 'gauge' | 'huge-counter' | 'huge-gauge';
/** A triangle wave for exercising alarms (`--wave`): it crosses every level between 0 and 100 twice a period. */
export type WaveKind = 'wave';
export type MetricKind = DefaultKind | ParityKind | WaveKind;

/** Which set of charts the children send: the default mix (shaped like a real child) or the parity mix (loadgen-parity.ts). */
export type ChartMix = 'default' | 'parity';

export interface LoadDim {
  def: DimDef;
}

export interface LoadChart {
  index: number;
  kind: MetricKind;
  mix: ChartMix;
  def: ChartDef;
  dims: LoadDim[];
  /** Chart labels, sent as CLABEL name value source. */
  labels: Array<[string, string]>;
}

export interface ChildIdentity {
  hostname: string;
  guid: string;
}

/** Host labels every simulated child sends (LABEL "name" = source "value"). */
export const HOST_LABELS: ReadonlyArray<[string, string]> = [
  ['_os_name', 'loadgen'],
  ['_kernel_version', '0.0.0'],
  ['_architecture', 'x86_64'],
  ['_is_parent', 'false'],
  ['loadgen', 'yes'],
];

/** Near the top of int64: counters here have deltas a double cannot represent (spacing 2048). */
export const NEAR_INT64_MAX_BASE = (1n << 63n) - 1n - (1n << 50n);
/** Just above 2^53, where doubles stop representing every integer. */
export const ABOVE_2_53_BASE = (1n << 53n) + 12345n;

const CPU_DIM_NAMES = ['guest_nice', 'guest', 'steal', 'softirq', 'irq', 'user', 'system', 'nice', 'iowait'];

/** The wave chart's id and context. */
export const WAVE_CHART_ID = 'lg_wave.triangle';

/** The extra chart `--wave P` adds: one absolute dimension `level` (percentage). */
export function waveChart(index: number, period: number, updateEvery: number): LoadChart {
  const def: ChartDef = { id: WAVE_CHART_ID, name: '', title: 'Triangle wave', units: 'percentage', family: 'wave',
    context: WAVE_CHART_ID, chartType: 'line', priority: 1000 + index, updateEvery, options: '', plugin: 'loadgen.plugin',
    module: `wave${period}` };
  return { index, kind: 'wave', mix: 'default', def, dims: [{ def: { id: 'level', name: 'level', algorithm: 'absolute', multiplier: 1, divisor: 1, options: '' } }],
    labels: [['_collect_plugin', def.plugin], ['_collect_module', def.module], ['loadgen_kind', 'wave']] };
}

/**
 * The wave's value at second t: 0 at multiples of the period, rising by 200/period a second to 100 at the half period,
 * then falling back (integers; the same for every child).
 */
export function waveValue(period: number, t: number): number {
  const phase = ((t % period) + period) % period;
  return Math.round(((phase <= period / 2 ? phase : period - phase) * 200) / period);
}

const wavePeriod = (chart: LoadChart): number => Number(chart.def.module.slice('wave'.length));

/** Hostname and machine GUID of child `index`; the GUID depends on the prefix so two runs do not collide. */
export function childIdentity(prefix: string, index: number): ChildIdentity {
  const p = fnv1a(prefix).toString(16).padStart(8, '0');
  const i = index.toString(16).padStart(12, '0');
  return { hostname: `${prefix}-${index}`, guid: `${p}-10ad-4e6e-8000-${i}` };
}

export function chartKind(chartIndex: number): DefaultKind {
  if (chartIndex === 0) return 'cpu';
  const r = chartIndex % 10;
  if (r === 7 || r === 8) return 'gauge';
  if (r === 9) return chartIndex % 20 === 9 ? 'huge-counter' : 'huge-gauge';
  return 'counter';
}

function chartDef(i: number, kind: DefaultKind, updateEvery: number): ChartDef {
  const base = { name: '', priority: 1000 + i, updateEvery, options: '', plugin: 'loadgen.plugin' };
  switch (kind) {
    case 'cpu':
      return { ...base, id: 'system.cpu', title: 'Total CPU utilization', units: 'percentage', family: 'cpu',
        context: 'system.cpu', chartType: 'stacked', priority: 100, module: '/proc/stat' };
    case 'counter':
      return { ...base, id: `lg_net.if${i}`, title: 'Bandwidth', units: 'kilobits/s', family: `if${i}`,
        context: 'lg_net.net', chartType: 'area', module: '/proc/net/dev' };
    case 'gauge':
      return { ...base, id: `lg_mem.pool${i}`, title: 'Pool usage', units: 'entries', family: 'pools',
        context: 'lg_mem.pool', chartType: 'line', options: 'detail', module: 'pools' };
    case 'huge-counter':
      return { ...base, id: `lg_big.counter${i}`, title: 'Counters near the int64 limit', units: 'events/s',
        family: 'big', context: 'lg_big.counter', chartType: 'line', module: '' };
    case 'huge-gauge':
      return { ...base, id: `lg_big.gauge${i}`, title: 'Gauges above 2^53', units: 'units', family: 'big',
        context: 'lg_big.gauge', chartType: 'line', module: '' };
  }
}

function dimDef(chartIndex: number, kind: DefaultKind, j: number): DimDef {
  const dim = (id: string, name: string, algorithm: Algorithm, multiplier: number, divisor: number): DimDef =>
    ({ id, name, algorithm, multiplier, divisor, options: '' });
  switch (kind) {
    case 'cpu': {
      const name = CPU_DIM_NAMES[j] ?? `cpu${j}`;
      return dim(name, name, 'percentage-of-incremental-row', 1, 1);
    }
    case 'counter':
      // network-like: bytes counters shown as kilobits/s, "sent" negative as Netdata draws it
      if (chartIndex % 10 <= 2) return dim(`d${j}`, j % 2 ? `sent${j}` : `received${j}`, 'incremental', j % 2 ? -8 : 8, 1000);
      return dim(`d${j}`, `packets${j}`, 'incremental', 1, 1);
    case 'gauge':
      return dim(`g${j}`, `gauge_${j}`, 'absolute', 1, 1);
    case 'huge-counter':
      return dim(`h${j}`, `h${j}`, 'incremental', 1, 1);
    case 'huge-gauge':
      return dim(`b${j}`, `b${j}`, 'absolute', 1, 1);
  }
}

/**
 * The charts every simulated child defines (the same set for all children; values differ per child).
 * The parity mix has a fixed set of dimensions per chart kind and ignores `dims`.
 */
export function loadCharts(charts: number, dims: number, updateEvery = 1, chartMix: ChartMix = 'default'): LoadChart[] {
  const out: LoadChart[] = [];
  for (let i = 0; i < charts; i++) {
    if (chartMix === 'parity') {
      out.push(parityChart(i, updateEvery));
      continue;
    }
    const kind = chartKind(i);
    const def = chartDef(i, kind, updateEvery);
    const dimList: LoadDim[] = [];
    for (let j = 0; j < dims; j++) dimList.push({ def: dimDef(i, kind, j) });
    // A chart without a module labels it "[none]", as Netdata's own collectors do; a Netdata parent shows
    // that value sanitized ("_none_"), which tests check.
    out.push({ index: i, kind, mix: 'default', def, dims: dimList,
      labels: [['_collect_plugin', def.plugin], ['_collect_module', def.module || '[none]'], ['loadgen_kind', kind]] });
  }
  return out;
}

/** Per-second increase of an incremental dimension (collected units per second). */
export function counterRate(child: number, chart: number, dim: number): number {
  const kind = chartKind(chart);
  const h = mix(child, chart, dim, 1);
  if (kind === 'cpu') return 1 + (h % 100);
  if (kind === 'huge-counter') return 1 + (h % 1000);
  return 1 + (h % 100000);
}

/**
 * The value child `child` collects for dimension `dim` of chart `chart` at second `t` (unix seconds).
 * Counters grow by a constant rate per second; gauges move through a saw-tooth below 2^24 (Netdata's
 * storage numbers hold those exactly); huge values are bigints.
 */
export function collectedValue(child: number, chart: number, dim: number, t: number): Int64 {
  const kind = chartKind(chart);
  switch (kind) {
    case 'cpu':
    case 'counter':
      return counterRate(child, chart, dim) * t;
    case 'gauge': {
      const h = mix(child, chart, dim, 2);
      return (h % 1_000_000) + ((t * (1 + (h % 7))) % 10_000);
    }
    case 'huge-counter': {
      const base = dim % 2 === 0 ? NEAR_INT64_MAX_BASE : ABOVE_2_53_BASE + BigInt(dim) * 1_000_000_007n;
      return base + BigInt(counterRate(child, chart, dim)) * BigInt(t);
    }
    case 'huge-gauge':
      return ABOVE_2_53_BASE + BigInt(mix(child, chart, dim, 3) % 1000) * 1024n + BigInt(t % 1000);
  }
}

/** What child `child` SETs for dimension `dim` of `chart` at second t, in either mix; null: no SET this second. */
export function sampleValue(child: number, chart: LoadChart, dim: number, t: number): Int64 | null {
  if (chart.kind === 'wave') return waveValue(wavePeriod(chart), t);
  return chart.mix === 'parity' ? parityValue(child, chart, dim, t) : collectedValue(child, chart.index, dim, t);
}

/** Whether the children leave `chart` out of second t (a missed collection). */
export function chartSkips(chart: LoadChart, t: number): boolean {
  return chart.mix === 'parity' && paritySkips(chart, t);
}

/**
 * The value a Netdata parent stores for second `t` of a default-mix chart (and serves in /api/v1/data): absolute = v*mul/div;
 * incremental = rate*mul/div; percentage-of-incremental-row = 100*rate/sum of the chart's rates.
 */
export function expectedStored(child: number, chart: LoadChart, dim: number, t: number): number {
  const d = chart.dims[dim].def;
  switch (d.algorithm) {
    case 'absolute':
      return (Number(sampleValue(child, chart, dim, t)) * d.multiplier) / d.divisor;
    case 'incremental':
      return (counterRate(child, chart.index, dim) * d.multiplier) / d.divisor;
    case 'percentage-of-incremental-row': {
      let sum = 0;
      for (let j = 0; j < chart.dims.length; j++) sum += counterRate(child, chart.index, j);
      return (100 * counterRate(child, chart.index, dim)) / sum;
    }
    case 'percentage-of-absolute-row': {
      let sum = 0;
      for (let j = 0; j < chart.dims.length; j++) sum += Number(collectedValue(child, chart.index, j, t));
      return (100 * Number(collectedValue(child, chart.index, dim, t))) / sum;
    }
  }
}
