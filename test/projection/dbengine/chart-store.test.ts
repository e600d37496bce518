import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../../src/log';
import { ChartRing } from '../../../src/projection/ram/chart-ring';
import { T0, datafilesIn, newShared, openHost, sample, tempDir } from './helpers';

test('points stored across many pages read back after a reopen, in one range and slot by slot', () => {
  const dir = tempDir('reopen');
  const shared = newShared(silentLogger);
  const host = openHost(shared, dir, silentLogger);
  const chart = host.chartStore('system.net', 1, 3600);
  const n = 3000; // three pages: 1024 + 1024 + 952 slots
  for (let t = T0; t < T0 + n; t++) assert.ok(chart.store(t, [sample(t, 0), 0 - sample(t, 1)]));
  host.checkpoint(42);
  host.close();
  assert.ok(datafilesIn(dir).length >= 1);

  const again = openHost(newShared(silentLogger), dir, silentLogger);
  const back = again.chartStore('system.net', 1, 3600);
  assert.equal(back.firstEntryT(), T0);
  assert.equal(back.lastEntryT(), T0 + n - 1);
  const range = back.readRange(1, T0 - 2, T0 + n + 1);
  assert.equal(range.length, n + 4);
  assert.ok(Number.isNaN(range[0]) && Number.isNaN(range[1]) && Number.isNaN(range[n + 2]));
  for (let i = 0; i < n; i++) assert.equal(range[i + 2], 0 - sample(T0 + i, 1));
  for (const t of [T0, T0 + 1023, T0 + 1024, T0 + 2047, T0 + 2048, T0 + n - 1]) assert.equal(back.valueAt(0, t), sample(t, 0));
  // the next slot continues after what is on disk; anything at or before it is refused
  assert.equal(back.store(T0 + n - 1, [1, 1]), false);
  assert.ok(back.store(T0 + n, [1, 2]));
  assert.equal(back.valueAt(1, T0 + n), 2);
  again.close();
});

test('gaps, NaN values, refused slots and late dimensions behave as in a RAM ring', () => {
  const host = openHost(newShared(silentLogger), tempDir('contract'), silentLogger);
  const store = host.chartStore('c', 1, 100000);
  const ring = new ChartRing(100000, 1);
  // a deterministic mix: steps of 1..3 slots, a long gap, NaN values, a dimension added later
  const ops: Array<[number, number[]]> = [];
  let t = T0;
  for (let i = 0; i < 2500; i++) {
    t += i === 1200 ? 1500 : 1 + (i % 3 === 0 ? 2 : 0);
    const dims = i < 700 ? 2 : 3;
    ops.push([t, Array.from({ length: dims }, (_, d) => ((i + d) % 11 === 0 ? NaN : sample(t, d)))]);
  }
  for (const [at, values] of ops) {
    assert.equal(store.store(at, values), ring.store(at, values));
    // out of order and repeated slots are refused by both
    assert.equal(store.store(at - 1, values), false);
    assert.equal(ring.store(at, values), false);
  }
  assert.equal(store.firstEntryT(), ring.firstEntryT());
  assert.equal(store.lastEntryT(), ring.lastEntryT());
  for (let d = 0; d < 3; d++) assert.deepEqual(store.readRange(d, T0 - 5, t + 5), ring.readRange(d, T0 - 5, t + 5));
  host.checkpoint(1);
  // the same answers from pages on disk (through the cache) as from the pages in memory
  for (let d = 0; d < 3; d++) assert.deepEqual(store.readRange(d, T0 - 5, t + 5), ring.readRange(d, T0 - 5, t + 5));
  for (let probe = T0; probe <= t; probe += 97) assert.deepEqual(store.valueAt(2, probe), ring.valueAt(2, probe));
  host.close();
});

test('a chart collected every 2 s keeps 2 s slots and a store per update_every', () => {
  const dir = tempDir('ue2');
  const shared = newShared(silentLogger);
  const host = openHost(shared, dir, silentLogger);
  const every2 = host.chartStore('disk.sda', 2, 1800);
  const start = T0 - (T0 % 2);
  for (let i = 0; i < 1500; i++) every2.store(start + 2 * i, [i]);
  assert.equal(every2.store(start + 2 * 1499 + 1, [9]), false); // the same slot (rounded down)
  // the same chart id with another update_every is another, empty store
  assert.equal(host.chartStore('disk.sda', 1, 3600).lastEntryT(), 0);
  assert.equal(host.chartStore('disk.sda', 2, 1800), every2);
  host.close();
  const back = openHost(newShared(silentLogger), dir, silentLogger).chartStore('disk.sda', 2, 1800);
  assert.equal(back.updateEvery, 2);
  assert.equal(back.lastEntryT(), start + 2 * 1499);
  assert.deepEqual([...back.readRange(0, start + 2045, start + 2052)], [1023, 1024, 1025, 1026]);
  assert.ok(Number.isNaN(back.valueAt(0, start + 2047)));
  assert.equal(back.valueAt(0, start + 2048), 1024);
});

test('storage-number precision: what is read back is what a RAM ring reads back', () => {
  const host = openHost(newShared(silentLogger), tempDir('precision'), silentLogger);
  const store = host.chartStore('p', 1, 10);
  const ring = new ChartRing(10, 1);
  const values = [49.75124, 1 / 3, 123456789, -0.000123, 2 ** 60, 0, -7];
  store.store(T0, values);
  ring.store(T0, values);
  host.checkpoint(1);
  host.close();
  for (let d = 0; d < values.length; d++) assert.equal(store.valueAt(d, T0), ring.valueAt(d, T0));
});

test('a page takes its full block at once; a dimension added mid-page widens it, gaps read empty', () => {
  const host = openHost(newShared(silentLogger), tempDir('memory'), silentLogger);
  const store = host.chartStore('m', 1, 10);
  assert.equal(store.memoryBytes(), 0);
  store.store(T0, [1, 2, 3]);
  assert.equal(store.memoryBytes(), 3 * 1024 * 4); // 1024 slots per dimension, committed by the OS as they fill
  store.store(T0 + 64, [1, 2, 3, 4]); // slot 64 and a new dimension: the skipped slots stay empty
  assert.equal(store.memoryBytes(), 4 * 1024 * 4);
  assert.deepEqual([...store.readRange(3, T0, T0 + 64)], [...new Array(64).fill(NaN), 4]);
  assert.deepEqual([...store.readRange(2, T0, T0 + 1)], [3, NaN]);
  assert.deepEqual([store.readRange(0, T0, T0)[0], store.readRange(0, T0 + 1, T0 + 1)[0]], [1, NaN]);
  store.store(T0 + 1023, [5, 5, 5, 5]);
  assert.equal(store.memoryBytes(), 4 * 1024 * 4); // never more than a page
  host.close();
});

test('a written page hands its block to the next page, cleared; a closing storage hands back what it could not write', () => {
  const shared = newShared(silentLogger);
  const dir = tempDir('arena');
  const host = openHost(shared, dir, silentLogger);
  const store = host.chartStore('a', 1, 10);
  for (let t = T0; t < T0 + 1024; t++) store.store(t, [sample(t, 0), sample(t, 1)]);
  assert.equal(shared.arena.freeBytes(), 0);
  store.store(T0 + 1030, [7, 8]); // page 1 is written; page 2 reuses its block, in which only slot 6 is set
  assert.equal(shared.arena.freeBytes(), 0);
  assert.deepEqual([...store.readRange(1, T0 + 1024, T0 + 1030)], [NaN, NaN, NaN, NaN, NaN, NaN, 8]);
  for (const t of [T0, T0 + 512, T0 + 1023]) assert.equal(store.valueAt(1, t), sample(t, 1)); // from the datafile
  const other = openHost(shared, tempDir('arena-other'), silentLogger).chartStore('b', 1, 10);
  other.store(T0, [1, 2]); // a new block: page 2 still holds the freed one
  assert.equal(other.memoryBytes(), 2 * 1024 * 4);
  host.close(); // page 2 is written at close and its block freed
  assert.equal(shared.arena.freeBytes(), 2 * 1024 * 4);
  assert.equal(openHost(newShared(silentLogger), dir, silentLogger).chartStore('a', 1, 10).valueAt(1, T0 + 1030), 8);
});
