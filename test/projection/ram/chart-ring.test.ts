import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChartRing } from '../../../src/projection/ram/chart-ring';

const T = 1_700_000_000;

test('a ring keeps the last `history` points and reads them back by time', () => {
  const ring = new ChartRing(5, 1);
  for (let i = 0; i < 8; i++) assert.ok(ring.store(T + i, [i + 0.5, -i]));
  assert.equal(ring.lastEntryT(), T + 7);
  assert.equal(ring.firstEntryT(), T + 3); // wrapped: 5 slots hold T+3..T+7
  assert.deepEqual([...ring.readRange(0, T, T + 9)], [NaN, NaN, NaN, 3.5, 4.5, 5.5, 6.5, 7.5, NaN, NaN]);
  assert.equal(ring.valueAt(1, T + 6), -6);
});

test('skipped slots read as empty, a point at or before the last is refused', () => {
  const ring = new ChartRing(10, 1);
  ring.store(T, [1]);
  ring.store(T + 3, [4]);
  assert.equal(ring.store(T + 3, [9]), false);
  assert.equal(ring.store(T + 1, [9]), false);
  assert.deepEqual([...ring.readRange(0, T, T + 3)], [1, NaN, NaN, 4]);
  // a lap later the stale values of the skipped slots must not come back
  ring.store(T + 12, [5]);
  assert.deepEqual([...ring.readRange(0, T + 3, T + 12)], [4, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 5]);
  assert.equal(ring.firstEntryT(), T + 3);
});

test('a gap longer than the ring empties it', () => {
  const ring = new ChartRing(4, 1);
  for (let i = 0; i < 4; i++) ring.store(T + i, [i]);
  ring.store(T + 100, [7]);
  assert.equal(ring.firstEntryT(), T + 100);
  assert.deepEqual([...ring.readRange(0, T + 97, T + 100)], [NaN, NaN, NaN, 7]);
});

test('slots of a chart collected every 10 s are 10 s apart; dimensions added later have no past', () => {
  const ring = new ChartRing(6, 10);
  ring.store(T, [1]);
  ring.store(T + 10, [2]);
  ring.ensureDimensions(2);
  ring.store(T + 20, [3, 30]);
  assert.deepEqual([...ring.readRange(0, T - 5, T + 25)], [1, 2, 3]);
  const late = ring.readRange(1, T, T + 20);
  assert.deepEqual([...late.subarray(0, 2)], [NaN, NaN]);
  assert.ok(Math.abs(late[2] - 30) < 1e-9);
  assert.ok(Number.isNaN(ring.valueAt(0, T + 5)));
});

test('values go through storage numbers: 4 bytes a point, Netdata precision', () => {
  const ring = new ChartRing(3, 1);
  ring.store(T, [49.75124, 1 / 3, 123456789]);
  assert.equal(ring.valueAt(0, T), 49.75124);
  assert.ok(Math.abs(ring.valueAt(1, T) - 1 / 3) < 1e-6);
  assert.notEqual(ring.valueAt(1, T), 1 / 3);
  assert.ok(Math.abs(ring.valueAt(2, T) - 123456789) / 123456789 < 1e-6);
});
