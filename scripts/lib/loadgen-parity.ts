/**
 * The load generator's "parity" chart mix: charts built to compare two parents fed the same stream, one
 * chart kind per corner of Netdata's value engine (rrdset_done in 1.37): every algorithm, multipliers and
 * divisors, 32- and 64-bit counter wraps (accepted below 10% of the width, a reset above), signed
 * overflow, resets with and without `noreset`/`nooverflow`, dimensions not SET, zero rows, and charts
 * that miss one second or three in a row. Rates vary from second to second, so every stored value depends
 * on the interpolation; every event repeats within 15 s, so any window of 16 s sees all of them.
 *
 * Values are pure functions of (child, chart, dimension, second); null means "not SET this second".
 */
import type { Algorithm, ChartDef, DimDef, Int64 } from '../../src/model/types';
import type { LoadChart } from './loadgen-model';
import { mix } from './loadgen-hash';

export type ParityKind = 'absolute' | 'incremental' | 'wrap32' | 'wrap64' | 'reset' | 'pct-absolute' | 'pct-incremental' | 'missed';

export const PARITY_KINDS: readonly ParityKind[] = [
  'absolute', 'incremental', 'wrap32', 'wrap64', 'reset', 'pct-absolute', 'pct-incremental', 'missed',
];

/** The longest period of any event in the mix: a window this long (plus one) contains every event. */
export const PARITY_PERIOD = 15;

type Sampler = (child: number, chart: number, dim: number, t: number) => Int64 | null;

interface ParityDim {
  id: string;
  algorithm: Algorithm;
  multiplier: number;
  divisor: number;
  options?: string;
  value: Sampler;
}

const TWO_32 = 2 ** 32;
const TWO_64 = 1n << 64n;

/** A number in [0, n) that changes every second. */
const jitter = (child: number, chart: number, dim: number, t: number, n: number): number => mix(child, chart * 64 + dim, t, 11) % n;
/** A per-dimension constant in [lo, lo + n). */
const param = (child: number, chart: number, dim: number, lo: number, n: number): number => lo + (mix(child, chart, dim, 13) % n);
const int64 = (v: bigint): Int64 => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
};
/** Dimensions marked so are not SET in seconds t with t % 7 == 3 (a gap in one dimension only). */
const sometimes = (f: Sampler): Sampler => (c, ch, d, t) => (t % 7 === 3 ? null : f(c, ch, d, t));

/** A counter growing by a per-dimension rate plus a jitter below it, so it never goes down. */
function counter(rateLo: number, rateN: number, base: bigint = 0n): Sampler {
  return (c, ch, d, t) => {
    const r = param(c, ch, d, rateLo, rateN);
    return int64(base + BigInt(r) * BigInt(t) + BigInt(jitter(c, ch, d, t, Math.max(1, Math.floor(r / 2)))));
  };
}

/** A gauge in [lo, lo + n) that jumps every second. */
const gauge = (lo: number, n: number): Sampler => (c, ch, d, t) => lo + jitter(c, ch, d, t, n);

/** (start + rate * t) modulo 2^32: an unsigned 32-bit counter that wraps every 2^32 / rate seconds. */
const wrap32 = (rate: number, jitterN = 0): Sampler => (c, ch, d, t) =>
  (param(c, ch, d, 0, 1 << 30) + rate * t + (jitterN ? jitter(c, ch, d, t, jitterN) : 0)) % TWO_32;

/** (start + rate * t) modulo 2^64, as the signed int64 a child sends: crosses 2^63 and wraps at 2^64. */
const wrap64 = (rate: bigint): Sampler => (c, ch, d, t) =>
  int64(BigInt.asIntN(64, (BigInt(param(c, ch, d, 0, 1 << 30)) * 1_000_003n + rate * BigInt(t)) % TWO_64));

/** Grows by `rate` per second and falls back to `base` when t % period == 0 (a counter reset). */
const resetting = (base: bigint, rate: number, period: number): Sampler => (_c, _ch, _d, t) =>
  int64(base + BigInt(rate) * BigInt(t % period));

/** A counter that stands still in seconds t % 10 == 5 (so a whole row of them does not move). */
const pausing = (rateLo: number, rateN: number): Sampler => (c, ch, d, t) =>
  param(c, ch, d, rateLo, rateN) * (t - Math.floor((t + 5) / 10)) + param(c, ch, d, 0, 1000);

const dim = (id: string, algorithm: Algorithm, multiplier: number, divisor: number, value: Sampler, options = ''): ParityDim =>
  ({ id, algorithm, multiplier, divisor, value, options });

const KINDS: Record<ParityKind, { title: string; units: string; dims: ParityDim[] }> = {
  absolute: {
    title: 'Absolute values with multipliers and divisors', units: 'units',
    dims: [
      dim('gauge', 'absolute', 1, 1, gauge(0, 1_000_000)),
      dim('x3_7', 'absolute', 3, 7, gauge(0, 1_000_000)),
      dim('kbits', 'absolute', -8, 1000, gauge(0, 1_000_000_000)),
      dim('div1024', 'absolute', 1, 1024, gauge(0, 10_000_000)),
      dim('x1000', 'absolute', 1000, 1, gauge(-500_000_000, 1_000_000_000)),
      dim('above2_53', 'absolute', 1, 1, (c, ch, d, t) => (1n << 53n) + 12345n + BigInt(jitter(c, ch, d, t, 1_000_000))),
      dim('negative', 'absolute', -1, 3, gauge(-1_000_000, 2_000_000)),
      dim('sometimes', 'absolute', 1, 1, sometimes(gauge(0, 1000))),
    ],
  },
  incremental: {
    title: 'Incremental counters with multipliers and divisors', units: 'units/s',
    dims: [
      dim('packets', 'incremental', 1, 1, counter(1000, 100_000)),
      dim('kbits_in', 'incremental', 8, 1000, counter(1_000_000, 100_000_000)),
      dim('kbits_out', 'incremental', -8, 1000, counter(1_000_000, 100_000_000)),
      dim('div1024', 'incremental', 1, 1024, counter(1000, 10_000_000)),
      dim('x7_3', 'incremental', 7, 3, counter(1, 1000)),
      dim('near2_62', 'incremental', 1, 1, counter(1_000_000, 1_000_000, 1n << 62n)),
      dim('steady', 'incremental', 1, 1, (c, ch, d, t) => param(c, ch, d, 1, 1000) * t),
      dim('sometimes', 'incremental', 1, 1, sometimes(counter(10, 100))),
    ],
  },
  wrap32: {
    title: 'Unsigned 32-bit counters that wrap', units: 'units/s',
    dims: [
      dim('fast', 'incremental', 1, 1, wrap32(300_000_000, 1_000_000)),
      dim('kbits', 'incremental', 8, 1000, wrap32(350_000_000, 1_000_000)),
      // a wrap's delta (2^32 - 1 - last + new) just below 10% of 2^32 - 1 is a wrap, just above it a reset
      dim('below_limit', 'incremental', 1, 1, wrap32(429_496_000)),
      dim('above_limit', 'incremental', 1, 1, wrap32(440_000_000)),
    ],
  },
  wrap64: {
    title: 'Counters that wrap at 2^64 and cross 2^63', units: 'units/s',
    dims: [
      dim('fast', 'incremental', 1, 1, wrap64(1_200_000_000_000_000_000n)),
      dim('scaled', 'incremental', -1, 1000, wrap64(900_000_000_000_000_000n)),
      // above 10% of 2^64: each wrap counts as a reset
      dim('above_limit', 'incremental', 1, 1, wrap64(1_900_000_000_000_000_000n)),
      // signed values from -1.8e10 up to 1.5e10 and back: crossing zero is a 64-bit wrap, the fall a negative delta
      dim('cross_zero', 'incremental', 1, 1, (_c, _ch, _d, t) => 3_000_000_000 * ((t % 12) - 6)),
    ],
  },
  reset: {
    title: 'Counters that reset', units: 'units/s',
    dims: [
      dim('reset32', 'incremental', 1, 1, resetting(1_000_000n, 12_345, 11)),
      dim('reset64', 'incremental', 1, 1, resetting(1n << 40n, 1_234_567, 13)),
      dim('to_zero', 'incremental', 1, 1, resetting(0n, 777, 9)),
      dim('noreset', 'incremental', 1, 1, resetting(1_000_000n, 12_345, 11), 'noreset'),
      dim('nooverflow', 'incremental', 1, 1, resetting(1n << 40n, 1_234_567, 13), 'nooverflow'),
      dim('kbits', 'incremental', 8, 1000, resetting(5_000_000n, 3_000_000, 10)),
    ],
  },
  'pct-absolute': {
    title: 'Percentage of the absolute row', units: 'percentage',
    dims: [
      // every value is 0 in seconds t % 10 == 5: a row summing to 0
      dim('p1', 'percentage-of-absolute-row', 1, 1, (c, ch, d, t) => (t % 10 === 5 ? 0 : jitter(c, ch, d, t, 1000))),
      dim('p2', 'percentage-of-absolute-row', 3, 1, (c, ch, d, t) => (t % 10 === 5 ? 0 : jitter(c, ch, d, t, 1000))),
      dim('p3', 'percentage-of-absolute-row', 1, 7, (c, ch, d, t) => (t % 10 === 5 ? 0 : 1 + jitter(c, ch, d, t, 100_000))),
      dim('sometimes', 'percentage-of-absolute-row', 1, 1, sometimes((c, ch, d, t) => (t % 10 === 5 ? 0 : jitter(c, ch, d, t, 500)))),
    ],
  },
  'pct-incremental': {
    title: 'Percentage of the incremental row', units: 'percentage',
    dims: [
      // all of them stand still in seconds t % 10 == 5: the row does not move
      dim('user', 'percentage-of-incremental-row', 1, 1, pausing(1, 150)),
      dim('system', 'percentage-of-incremental-row', 1, 1, pausing(1, 40)),
      dim('idle', 'percentage-of-incremental-row', 1, 1, pausing(1, 300)),
      dim('resetting', 'percentage-of-incremental-row', 1, 1, (_c, _ch, _d, t) => (t - Math.floor((t + 5) / 10)) % 12 * 7),
      dim('sometimes', 'percentage-of-incremental-row', 1, 1, sometimes(pausing(1, 30))),
    ],
  },
  missed: {
    title: 'A chart that misses one second, and later three', units: 'mixed',
    dims: [
      dim('abs', 'absolute', 3, 7, gauge(0, 1_000_000)),
      dim('linear', 'absolute', 1, 1, (_c, _ch, _d, t) => (t % 100_000) * 10),
      dim('kbits', 'incremental', 8, 1000, counter(1_000_000, 100_000_000)),
      dim('steady', 'incremental', 1, 1, (c, ch, d, t) => param(c, ch, d, 1, 1000) * t),
      dim('pct_inc', 'percentage-of-incremental-row', 1, 1, counter(10, 1000)),
    ],
  },
};

export function parityKind(chartIndex: number): ParityKind {
  return PARITY_KINDS[chartIndex % PARITY_KINDS.length];
}

/** Whether chart `chart` (a parity chart) leaves second t out: one second at t % 15 == 4, three at 10..12. */
export function paritySkips(chart: LoadChart, t: number): boolean {
  if (chart.kind !== 'missed') return false;
  const r = t % PARITY_PERIOD;
  return r === 4 || (r >= 10 && r <= 12);
}

export function parityChart(i: number, updateEvery: number): LoadChart {
  const kind = parityKind(i);
  const k = KINDS[kind];
  const id = kind.replace('-', '_');
  const def: ChartDef = {
    id: `parity.${id}${i}`, name: '', title: k.title, units: k.units, family: id, context: `parity.${id}`,
    chartType: 'line', priority: 2000 + i, updateEvery, options: '', plugin: 'loadgen.plugin', module: 'parity',
  };
  const dims = k.dims.map((d) => ({
    def: { id: d.id, name: d.id, algorithm: d.algorithm, multiplier: d.multiplier, divisor: d.divisor, options: d.options ?? '' } as DimDef,
  }));
  return { index: i, kind, mix: 'parity', def, dims, labels: [['_collect_plugin', def.plugin], ['_collect_module', def.module], ['loadgen_kind', kind]] };
}

export function parityValue(child: number, chart: LoadChart, dim: number, t: number): Int64 | null {
  return KINDS[chart.kind as ParityKind].dims[dim].value(child, chart.index, dim, t);
}
