import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { MapHostStorage } from '../../../src/projection/map';
import { mapFileName, rowBytes } from '../../../src/projection/map/map-file-format';
import { ChartRing } from '../../../src/projection/ram/chart-ring';
import { T0, assertEmpty, assertSameAs, capturingLogger, feed, flipByte, noisy, sample, scriptedFeed, tempDir } from '../save/helpers';

const ENTRIES = 64;
const CHECKPOINT_SEQ = 777;

/** Runs in a child Node process: stores the scripted feeds of two charts, checkpoints halfway, then kill -9s itself. */
const CHILD = `
const { MapHostStorage } = require(process.env.MAP_MODULE);
const { silentLogger } = require(process.env.LOG_MODULE);
const h = require(process.env.HELPERS_MODULE);
const [dir, entries, seq] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const host = new MapHostStorage(dir, silentLogger);
const feeds = [['system.cpu', 1, h.noisy, 2.5], ['net.eth0', 2, h.sample, 1.5]].map(([id, ue, f, laps]) =>
  [host.chartStore(id, ue, entries), h.scriptedFeed(h.T0, ue, entries, laps, f)]);
for (const [store, steps] of feeds) steps.slice(0, steps.length >> 1).forEach((s) => store.store(s.t, s.values));
host.checkpoint(seq);
for (const [store, steps] of feeds) steps.slice(steps.length >> 1).forEach((s) => store.store(s.t, s.values));
process.kill(process.pid, 'SIGKILL');
`;

function referenceOf(updateEvery: number, laps: number, value: (t: number, d: number) => number): ChartRing {
  const ref = new ChartRing(ENTRIES, updateEvery);
  feed(ref, new ChartRing(ENTRIES, updateEvery), scriptedFeed(T0, updateEvery, ENTRIES, laps, value));
  return ref;
}

test('map: after kill -9 every stored point is in the files, and the resume seq is the last checkpoint', () => {
  const dir = tempDir('map-kill');
  const dist = path.resolve(__dirname, '..', '..', '..');
  const child = spawnSync(process.execPath, ['-e', CHILD, dir, String(ENTRIES), String(CHECKPOINT_SEQ)], {
    env: {
      ...process.env,
      MAP_MODULE: path.join(dist, 'src', 'projection', 'map'),
      LOG_MODULE: path.join(dist, 'src', 'log'),
      HELPERS_MODULE: path.join(dist, 'test', 'projection', 'save', 'helpers'),
    },
    encoding: 'utf8',
  });
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  const { logger, lines } = capturingLogger();
  const host = new MapHostStorage(dir, logger);
  assert.equal(host.resumeSeq(), CHECKPOINT_SEQ);
  const cpu = host.chartStore('system.cpu', 1, ENTRIES);
  const net = host.chartStore('net.eth0', 2, ENTRIES);
  assertSameAs(cpu, referenceOf(1, 2.5, noisy), 3);
  assertSameAs(net, referenceOf(2, 1.5, sample), 3);
  assert.ok(cpu.firstEntryT() > T0 + ENTRIES, 'the ring wrapped');
  assert.deepEqual(lines, []);
  // a replayed point is refused by the slot rule, a new one is stored
  assert.equal(cpu.store(cpu.lastEntryT(), [1, 2, 3]), false);
  assert.equal(cpu.store(cpu.lastEntryT() + 1, [1, 2, 3]), true);
});

/** A host with one chart of 2 dimensions, update_every 1, holding one full lap whose newest row is the file's last. */
function fullLap(name: string) {
  const dir = tempDir(`map-${name}`);
  const host = new MapHostStorage(dir, capturingLogger().logger);
  const ref = new ChartRing(ENTRIES, 1);
  const t0 = T0 - (T0 % ENTRIES) + ENTRIES; // slot 0
  const steps = Array.from({ length: ENTRIES }, (_, i) => ({ t: t0 + i, values: [sample(t0 + i, 0), noisy(t0 + i, 1)] }));
  feed(host.chartStore('disk.sda', 1, ENTRIES), ref, steps);
  host.checkpoint(CHECKPOINT_SEQ);
  host.close();
  return { dir, file: path.join(dir, mapFileName('disk.sda', 1)), ref, t0 };
}

function reopen(dir: string) {
  const { logger, lines } = capturingLogger();
  const host = new MapHostStorage(dir, logger);
  return { host, chart: host.chartStore('disk.sda', 1, ENTRIES), lines };
}

/** The reference without the point at t (as a file that lost that row serves it). */
function without(ref: ChartRing, t: number): ChartRing {
  const out = new ChartRing(ENTRIES, 1);
  for (let s = ref.firstEntryT(); s <= ref.lastEntryT(); s++) {
    if (s === t && t === ref.lastEntryT()) break;
    out.store(s, s === t ? [NaN, NaN] : [0, 1].map((d) => ref.valueAt(d, s)));
  }
  return out;
}

test('map: a torn last row is dropped and reported, the rest is served, and the host is rebuilt from its event log', () => {
  const { dir, file, ref, t0 } = fullLap('torn');
  const newest = t0 + ENTRIES - 1;
  fs.truncateSync(file, fs.statSync(file).size - rowBytes(2) / 2);
  const { host, chart, lines } = reopen(dir);
  assert.ok(lines.some((l) => l.includes(file) && l.includes('1 damaged rows')), lines.join('\n'));
  assert.equal(host.resumeSeq(), 0);
  assertSameAs(chart, without(ref, newest), 2);
  // the replay stores the lost point again
  assert.equal(chart.store(newest, [1, 2]), true);
  host.close();
  const again = reopen(dir);
  assert.deepEqual(again.lines, []);
  assert.deepEqual([...again.chart.readRange(0, newest, newest)], [1]);
});

test('map: a corrupt row in the middle is dropped, the rest is served', () => {
  const { dir, file, ref, t0 } = fullLap('row');
  const headerBytes = fs.statSync(file).size - ENTRIES * rowBytes(2);
  flipByte(file, headerBytes + 10 * rowBytes(2) + 5);
  const { host, chart, lines } = reopen(dir);
  assert.ok(lines.some((l) => l.includes(file) && l.includes('1 damaged rows')), lines.join('\n'));
  assert.equal(host.resumeSeq(), 0);
  assertSameAs(chart, without(ref, t0 + 10), 2);
});

test('map: a corrupt header is reported by name, nothing of the file is served, and it is recreated', () => {
  const { dir, file, t0 } = fullLap('header');
  for (const offset of [1, 9, 14, 26]) {
    flipByte(file, offset);
    const { host, chart, lines } = reopen(dir);
    assert.ok(lines.some((l) => l.includes(file) && l.includes('discarding')), lines.join('\n'));
    assert.equal(host.resumeSeq(), 0);
    assertEmpty(chart, t0);
    assert.equal(fs.existsSync(file), false);
    assert.equal(chart.store(t0 + 1000, [5, 6]), true);
    host.checkpoint(CHECKPOINT_SEQ);
    const again = reopen(dir);
    assert.deepEqual(again.lines, []);
    assert.equal(again.host.resumeSeq(), CHECKPOINT_SEQ);
    assert.deepEqual([...again.chart.readRange(1, t0 + 1000, t0 + 1000)], [6]);
  }
});

test('map: a dimension added later widens the rows; points before it read as empty in it', () => {
  const { dir, file, ref, t0 } = fullLap('widen');
  const narrowBytes = fs.statSync(file).size;
  const { chart } = reopen(dir);
  chart.ensureDimensions(3);
  ref.ensureDimensions(3);
  const t = t0 + ENTRIES + 5; // a gap of 5 slots, then a point with 3 values
  assert.equal(chart.store(t, [7, 8, 9]), ref.store(t, [7, 8, 9]));
  assert.equal(fs.statSync(file).size - narrowBytes, ENTRIES * (rowBytes(3) - rowBytes(2)));
  // no close: the rewritten file alone must hold it all
  const again = reopen(dir);
  assertSameAs(again.chart, ref, 3);
  assert.deepEqual([...again.chart.readRange(2, t - 10, t)], [...Array(10).fill(NaN), 9]);
});

test('map: a gap of a lap or more empties the chart, also in its file', () => {
  const { dir, t0 } = fullLap('long-gap');
  const { chart } = reopen(dir);
  const t = t0 + 3 * ENTRIES + 7;
  chart.store(t, [1, 2]);
  const again = reopen(dir);
  assert.equal(again.chart.firstEntryT(), t);
  assert.equal(again.chart.lastEntryT(), t);
  assert.ok(again.chart.readRange(0, t - ENTRIES, t - 1).every(Number.isNaN));
});

test('map: skipped slots are written as empty, so a lap that starts in a gap keeps its first time', () => {
  const dir = tempDir('map-gap-start');
  const host = new MapHostStorage(dir, capturingLogger().logger);
  const ref = new ChartRing(ENTRIES, 1);
  const times = [...Array.from({ length: 10 }, (_, i) => T0 + i), ...Array.from({ length: ENTRIES - 2 }, (_, i) => T0 + 13 + i)];
  feed(host.chartStore('gap.start', 1, ENTRIES), ref, times.map((t) => ({ t, values: [sample(t, 0)] })));
  assert.equal(ref.firstEntryT(), T0 + 11, 'the lap starts in the gap');
  const again = new MapHostStorage(dir, capturingLogger().logger);
  assertSameAs(again.chartStore('gap.start', 1, ENTRIES), ref, 1);
});

test('map: a chart reopened with another number of entries keeps its newest points and rewrites its file', () => {
  const { dir, ref } = fullLap('entries');
  const host = new MapHostStorage(dir, capturingLogger().logger);
  const chart = host.chartStore('disk.sda', 1, 16);
  const small = new ChartRing(16, 1);
  small.ensureDimensions(2);
  for (let t = ref.firstEntryT(); t <= ref.lastEntryT(); t++) small.store(t, [0, 1].map((d) => ref.valueAt(d, t)));
  assertSameAs(chart, small, 2);
  const t = ref.lastEntryT() + 1;
  chart.store(t, [3, 4]);
  small.store(t, [3, 4]);
  const again = new MapHostStorage(dir, capturingLogger().logger);
  assertSameAs(again.chartStore('disk.sda', 1, 16), small, 2);
});

test('map: when writing fails points stay served, the resume seq waits, and the file is repaired when writing works again', () => {
  const dir = tempDir('map-fail');
  const { logger, lines } = capturingLogger();
  const host = new MapHostStorage(dir, logger);
  host.checkpoint(10);
  const chart = host.chartStore('apps.cpu', 1, ENTRIES);
  fs.rmSync(dir, { recursive: true });
  assert.equal(chart.store(T0, [1]), true);
  assert.equal(chart.store(T0 + 1, [2]), true);
  assert.deepEqual([...chart.readRange(0, T0, T0 + 1)], [1, 2]);
  assert.equal(lines.filter((l) => l.includes('cannot write')).length, 1, lines.join('\n'));
  host.checkpoint(20);
  assert.equal(host.resumeSeq(), 10);
  fs.mkdirSync(dir);
  host.checkpoint(30);
  assert.equal(host.resumeSeq(), 30);
  assert.ok(lines.some((l) => l.includes('works again')));
  const again = new MapHostStorage(dir, capturingLogger().logger);
  assert.equal(again.resumeSeq(), 30);
  assert.deepEqual([...again.chartStore('apps.cpu', 1, ENTRIES).readRange(0, T0, T0 + 1)], [1, 2]);
});
