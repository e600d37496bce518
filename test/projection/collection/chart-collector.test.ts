import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Algorithm, DimDef, Int64 } from '../../../src/model/types';
import { ChartCollector, ramModeEntries } from '../../../src/projection/collection/chart-collector';
import { storedValue } from '../../../src/projection/collection/storage-number';

const S = 1_700_000_000; // a whole second, multiple of 2
const us = (sec: number): number => Math.round(sec * 1e6);

function dim(id: string, algorithm: Algorithm, multiplier = 1, divisor = 1, options = ''): DimDef {
  return { id, name: id, algorithm, multiplier, divisor, options };
}

function collector(updateEvery: number, dims: DimDef[], entries?: number): ChartCollector {
  const c = new ChartCollector(updateEvery, entries ? { entries } : {});
  dims.forEach((d, i) => c.setDimension(i, d));
  return c;
}

interface Step {
  at: number; // parent clock, seconds after S
  usec?: number;
  values: (Int64 | null)[];
}

/** Runs the iterations; returns the stored slots (t relative to S) in order, as storage numbers read back, NaN as null. */
function run(c: ChartCollector, steps: Step[]): Map<number, (number | null)[]> {
  const out = new Map<number, (number | null)[]>();
  let lastT = -Infinity;
  for (const s of steps)
    c.collect(s.usec ?? 0, us(S + s.at), s.values, (t, stored) => {
      assert.ok(t > lastT, 'slots are stored in time order, once');
      lastT = t;
      out.set(t - S, Array.from(stored, (v) => (Number.isNaN(v) ? null : storedValue(v))));
    });
  return out;
}

/** The expected slots, as read back from the storage numbers (null: a gap). */
const row = (...values: (number | null)[]): (number | null)[] => values.map((v) => (v === null ? null : storedValue(v)));

function expectSlots(slots: Map<number, (number | null)[]>, expected: Record<number, (number | null)[]>): void {
  const read = Object.fromEntries(Object.entries(expected).map(([t, values]) => [t, row(...values)]));
  assert.deepEqual(Object.fromEntries(slots), read);
}

/** Collections exactly on whole seconds with exact durations: every slot gets exactly one iteration's values. */
function onSeconds(values: (Int64 | null)[][], from = 0): Step[] {
  return values.map((v, i) => ({ at: from + i, usec: i >= 2 ? 1e6 : 0, values: v }));
}

test('first collection: the clock starts at the aligned second + 0.5 s and nothing is stored before the next slot', () => {
  const c = collector(1, [dim('a', 'absolute')]);
  assert.equal(c.lastCollectedUs(), 0);
  const slots = run(c, [{ at: 0.3, values: [5] }]);
  assert.equal(slots.size, 0);
  assert.equal(c.lastCollectedUs(), us(S + 0.5));
});

test('absolute: v * multiplier / divisor, stored as a storage number', () => {
  const c = collector(1, [dim('a', 'absolute', 3, 7), dim('b', 'absolute', -1, 1000)]);
  const slots = run(c, onSeconds([[10, 1], [20, 123456], [30, -5]]));
  assert.deepEqual([...slots.keys()], [1, 2]);
  assert.deepEqual(slots.get(1), row(60 / 7, -123.456));
  assert.deepEqual(slots.get(2), row(90 / 7, 0.005));
  assert.equal(slots.get(1)![0], 8571429 * (1 / 1e6)); // 60/7 keeps 7 digits
});

test('incremental: the first value stores nothing, then the delta per second spread over the slots', () => {
  const c = collector(1, [dim('i', 'incremental', 1, 1)]);
  // collected at S+0.3 (clock starts at S+0.5), S+1.3 (SYNC_CLOCK: the parent's clock, 0.8 s), S+2.3 (usec 1 s)
  const slots = run(c, [
    { at: 0.3, values: [1000] },
    { at: 1.3, usec: 999_999, values: [1800] },
    { at: 2.3, usec: 1_000_000, values: [2800] },
    { at: 3.3, usec: 1_000_000, values: [3800] },
  ]);
  // slot 1 gets the share of 800 collected over 0.8 s that falls before it: 0.5 / 0.8 -> 500;
  // slot 2 gets the remaining 300 plus 0.7 of the next 1000: 1000; slot 3: 300 + 700 = 1000
  expectSlots(slots, { 1: [500], 2: [1000], 3: [1000] });
});

test('incremental: multiplier, divisor and update_every scale the rate', () => {
  const c = collector(2, [dim('i', 'incremental', 8, 1024)]);
  const slots = run(c, [
    { at: 0, values: [0] },
    { at: 2, values: [1024] },
    { at: 4, usec: 2e6, values: [3072] },
  ]);
  // clock starts at S+0.5; slot S+2: all of 1024 bytes * 8/1024 over 1.5 s, then / update_every, short-slot
  // correction (2 s slot, 2 s since the last slot) does not apply
  assert.deepEqual([...slots.keys()], [2, 4]);
  assert.equal(slots.get(2)![0], storedValue(8 / 2));
  assert.equal(slots.get(4)![0], storedValue((2048 * 8) / 1024 / 2));
});

test('incremental with jittered collection times and a constant rate stores the rate in every slot', () => {
  const c = collector(1, [dim('i', 'incremental', 1, 1), dim('j', 'incremental', 1, 10)]);
  let seed = 7;
  const jitter = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.4;
  const steps: Step[] = [];
  let t = 0.2;
  let counter = 0;
  let sinceLast = 0;
  for (let i = 0; i < 40; i++) {
    // BEGIN carries the child's time since its previous collection; the parent receives it up to 20 ms late
    steps.push({ at: t + (i % 3) * 0.01, usec: i >= 2 ? sinceLast : 0, values: [counter, counter] });
    sinceLast = Math.round((1 + jitter()) * 1e6);
    t += sinceLast / 1e6;
    counter += sinceLast * 7; // 7 per microsecond = 7e6 per second
  }
  const slots = [...run(c, steps).entries()].filter(([s]) => s > 3);
  assert.ok(slots.length > 30);
  for (const [s, [i, j]] of slots) {
    assert.ok(Math.abs(i! - 7e6) <= 7e6 * 1e-6, `slot ${s}: ${i}`);
    assert.ok(Math.abs(j! - 7e5) <= 7e5 * 1e-6, `slot ${s}: ${j}`);
  }
});

test('incremental: a 32-bit counter wrap gives cap - last + new (Netdata counts 2^32 - 1 as the cap)', () => {
  const c = collector(1, [dim('i', 'incremental')]);
  const slots = run(c, onSeconds([[4294967000], [4294967100], [100], [300]]));
  expectSlots(slots, { 1: [100], 2: [295], 3: [200] });
});

test('incremental: a 64-bit wrap is recognised from the largest value seen', () => {
  const c = collector(1, [dim('i', 'incremental')]);
  // -6e9 then -1000 (as uint64: 2^64 - 6e9 -> 2^64 - 1000, rising), then 500: wrapped by 1499
  const slots = run(c, onSeconds([[-6_000_000_000], [-1000], [500], [600]]));
  expectSlots(slots, { 1: [5_999_999_000], 2: [1499], 3: [100] });
});

test('incremental: a value going down by more than 10% of the counter width is a reset and stores 0', () => {
  const r32 = run(collector(1, [dim('i', 'incremental')]), onSeconds([[1000], [2000], [10], [30]]));
  expectSlots(r32, { 1: [1000], 2: [0], 3: [20] });
  const r64 = run(collector(1, [dim('i', 'incremental')]), onSeconds([[5_000_000_000], [5_000_000_100], [10], [30]]));
  expectSlots(r64, { 1: [100], 2: [0], 3: [20] });
  // noreset / nooverflow only keep the reset flag off the point: the values are the same
  for (const option of ['noreset', 'nooverflow']) {
    const nr = run(collector(1, [dim('i', 'incremental', 1, 1, option)]), onSeconds([[1000], [2000], [10], [30]]));
    assert.deepEqual(Object.fromEntries(nr), Object.fromEntries(r32));
  }
});

test('incremental: deltas of values above 2^53 are exact', () => {
  const base = 1n << 60n;
  const c = collector(1, [dim('i', 'incremental'), dim('a', 'absolute')]);
  const slots = run(c, onSeconds([[base, base], [base + 3n, base + 3n], [base + 10n, 1n << 62n]]));
  assert.deepEqual(slots.get(1), row(3, Number(base + 3n)));
  assert.deepEqual(slots.get(2), row(7, 2 ** 62));
  // near the int64 limits: INT64_MAX - 5 -> INT64_MAX
  const top = (1n << 63n) - 1n;
  const t = run(collector(1, [dim('i', 'incremental')]), onSeconds([[top - 10n], [top - 5n], [top]]));
  expectSlots(t, { 1: [5], 2: [5] });
});

test('percentage-of-absolute-row: 100 * v / sum of the row, 0 when the row sums to 0', () => {
  const c = collector(1, [dim('a', 'percentage-of-absolute-row'), dim('b', 'percentage-of-absolute-row', 5, 7)]);
  const slots = run(c, onSeconds([[1, 3], [0, 0], [2, 6]]));
  // multiplier and divisor play no part in a percentage
  expectSlots(slots, { 1: [0, 0], 2: [25, 75] });
});

test('percentage-of-incremental-row: 100 * delta / delta of the row; rows that did not move are 0', () => {
  const c = collector(1, [dim('a', 'percentage-of-incremental-row'), dim('b', 'percentage-of-incremental-row')]);
  const slots = run(c, onSeconds([[100, 100], [110, 130], [110, 130], [120, 150], [5, 170]]));
  assert.deepEqual(slots.get(1), row(25, 75));
  assert.deepEqual(slots.get(2), row(0, 0));
  assert.deepEqual(slots.get(3), row(100 / 3, 200 / 3));
  // a restarted at 5: its delta counts from 5, the row moved by 20 -> b 100%, a 0%
  assert.deepEqual(slots.get(4), row(0, 100));
});

test('percentage-of-incremental-row: the row sums only the dimensions SET in the iteration', () => {
  const c = collector(1, [dim('a', 'percentage-of-incremental-row'), dim('b', 'percentage-of-incremental-row')]);
  const slots = run(c, onSeconds([[0, 0], [10, 10], [20, null], [40, 40]]));
  assert.deepEqual(slots.get(1), row(50, 50));
  // b not SET: the row is a alone (20 - 10), b stores a gap
  assert.deepEqual(slots.get(2), row(100, null));
  // b's delta now spans two iterations (40 - 10 = 30), a's is 20: the row moved by 50
  assert.deepEqual(slots.get(3), row(40, 60));
});

test('a dimension not SET stores a gap; its next delta covers the missed iteration', () => {
  const c = collector(1, [dim('a', 'absolute'), dim('i', 'incremental')]);
  const slots = run(c, onSeconds([[1, 0], [2, 10], [null, null], [4, 40], [5, 50]]));
  expectSlots(slots, { 1: [2, 10], 2: [null, null], 3: [4, 30], 4: [5, 10] });
});

test('a gap of more than 2 slots stores gaps, then interpolates the last two slots', () => {
  const c = collector(1, [dim('a', 'absolute'), dim('i', 'incremental')]);
  const steps: Step[] = [
    { at: 0.3, values: [0, 0] },
    { at: 1.3, values: [10, 100] },
    { at: 2.3, usec: 1e6, values: [20, 200] },
    { at: 7.3, usec: 5e6, values: [70, 700] },
  ];
  const slots = run(c, steps);
  assert.deepEqual([...slots.keys()], [1, 2, 3, 4, 5, 6, 7]);
  for (const s of [3, 4, 5]) assert.deepEqual(slots.get(s), row(null, null));
  // absolute: Netdata moves the start of the interpolation to each slot it passes (the gaps included) but keeps
  // the old value, so slot 6 is 20 + 50 * (6 - 5) / (7.3 - 5), and the last slot holds the collected value
  assert.deepEqual(slots.get(6), row(20 + 50 / 2.3, 100));
  // incremental: 100 per second all along; slot 6 and 7 are 100 each
  assert.deepEqual(slots.get(7), row(70, 100));
});

test('a collection after more than `entries` slots restarts the chart', () => {
  const c = collector(1, [dim('a', 'absolute'), dim('i', 'incremental')], 10);
  const slots = run(c, [
    ...onSeconds([[1, 0], [2, 10], [3, 20]]),
    { at: 20, usec: 17e6, values: [4, 30] },
    { at: 21, usec: 1e6, values: [5, 40] },
    { at: 22, usec: 1e6, values: [6, 50] },
    { at: 23, usec: 1e6, values: [7, 60] },
  ]);
  assert.deepEqual([...slots.keys()], [1, 2, 21, 22, 23]);
  // restarted: the clock starts again at 20.5 and the collection counters from 0, so the iterations at 20 and 21
  // give nothing; at 22 the incremental delta (10 over 21.5..22.5) is split at the slot boundary
  assert.deepEqual(slots.get(21), row(null, null));
  assert.deepEqual(slots.get(22), row(6, 5));
  assert.deepEqual(slots.get(23), row(7, 10));
  assert.equal(ramModeEntries(3600), 4096);
  assert.equal(ramModeEntries(1), 1024);
});

test('usec 0 takes the time since the last collection from the parent clock; a given usec is trusted as is', () => {
  const zero = collector(1, [dim('i', 'incremental')]);
  run(zero, [{ at: 0.3, values: [0] }, { at: 1.3, values: [1] }, { at: 2.1, values: [2] }]);
  assert.equal(zero.lastCollectedUs(), us(S + 2.1));

  // the child's durations are 1.1 s while the parent sees 1 s: the collection clock drifts into the future
  const trusted = collector(1, [dim('i', 'incremental')]);
  const steps: Step[] = [0, 1, 2, 3, 4].map((i) => ({ at: 0.3 + i, usec: 1_100_000, values: [i * 100] }));
  run(trusted, steps);
  assert.equal(trusted.lastCollectedUs(), us(S + 1.3) + 3 * 1_100_000);
});

test('redefining a dimension changes how the next values are computed', () => {
  const c = collector(1, [dim('a', 'absolute')]);
  const first = run(c, onSeconds([[10], [20]]));
  c.setDimension(0, dim('a', 'absolute', 1, 4));
  const second = run(c, [{ at: 2, usec: 1e6, values: [20] }]);
  assert.deepEqual(first.get(1), row(20));
  assert.deepEqual(second.get(2), row(5));
  assert.equal(c.dimensionCount, 1);
});

test('update_every 2: slots fall on even seconds', () => {
  const c = collector(2, [dim('a', 'absolute')]);
  const slots = run(c, [
    { at: 0.7, values: [1] },
    { at: 2.7, values: [2] },
    { at: 4.7, usec: 2e6, values: [3] },
  ]);
  expectSlots(slots, { 2: [2], 4: [3] });
});
