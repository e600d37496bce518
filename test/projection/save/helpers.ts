import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { ChartStore } from '../../../src/projection/storage/chart-store';
import { ChartRing } from '../../../src/projection/ram/chart-ring';

export { T0, capturingLogger, noisy, sample, tempDir } from '../dbengine/helpers';

/** One step of a scripted feed: a store at t of `dims` values (null values are gaps). */
export interface Step {
  t: number;
  values: number[];
}

/**
 * A feed with everything a ring must handle: gaps of a few slots, a slot given twice, a point out of order, empty
 * values, a dimension that appears later, times not on a slot boundary, and `laps` laps of the ring.
 */
export function scriptedFeed(t0: number, updateEvery: number, entries: number, laps: number, value: (t: number, d: number) => number): Step[] {
  const steps: Step[] = [];
  let t = t0;
  for (let i = 0; t < t0 + laps * entries * updateEvery; i++) {
    const dims = i < entries / 2 ? 2 : 3;
    const values = Array.from({ length: dims }, (_, d) => (i % 7 === 3 && d === 1 ? NaN : value(t, d)));
    steps.push({ t: t + (i % 5 === 2 ? updateEvery - 1 : 0), values });
    if (i % 11 === 5) steps.push({ t, values }); // the same slot again: refused
    if (i % 13 === 6) steps.push({ t: t - 3 * updateEvery, values }); // out of order: refused
    t += i % 9 === 4 ? 3 * updateEvery : updateEvery;
  }
  return steps;
}

/** Feeds the steps to the store and to a reference ChartRing; the answers to store() must agree. */
export function feed(store: ChartStore, reference: ChartRing, steps: Step[]): void {
  for (const s of steps) {
    reference.ensureDimensions(s.values.length);
    store.ensureDimensions(s.values.length);
    assert.equal(store.store(s.t, s.values), reference.store(s.t, s.values), `store(${s.t})`);
  }
}

/** The store serves exactly what the reference ring serves: times, every value of every dimension, memory. */
export function assertSameAs(store: ChartStore, reference: ChartRing, dims: number): void {
  assert.equal(store.lastEntryT(), reference.lastEntryT(), 'lastEntryT');
  assert.equal(store.firstEntryT(), reference.firstEntryT(), 'firstEntryT');
  const ue = reference.updateEvery;
  const from = reference.firstEntryT() - 3 * ue;
  const to = reference.lastEntryT() + 3 * ue;
  for (let d = 0; d < dims; d++) assert.deepEqual([...store.readRange(d, from, to)], [...reference.readRange(d, from, to)], `dimension ${d}`);
  assert.equal(store.memoryBytes(), reference.memoryBytes(), 'memoryBytes');
}

/** A store that holds nothing. */
export function assertEmpty(store: ChartStore, t0: number): void {
  assert.equal(store.lastEntryT(), 0);
  assert.equal(store.firstEntryT(), 0);
  assert.ok(store.readRange(0, t0 - 100, t0 + 100_000).every(Number.isNaN));
}

export function flipByte(file: string, offset: number): void {
  const b = fs.readFileSync(file);
  b[offset] ^= 0x5a;
  fs.writeFileSync(file, b);
}
