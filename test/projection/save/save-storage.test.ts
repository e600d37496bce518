import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SNAPSHOT_FILE, SaveHostStorage } from '../../../src/projection/save';
import { ChartRing } from '../../../src/projection/ram/chart-ring';
import { T0, assertEmpty, assertSameAs, capturingLogger, feed, flipByte, noisy, sample, scriptedFeed, tempDir } from './helpers';

const ENTRIES = 64;

/** A host dir with a snapshot of two charts (update_every 1 wrapped 3 laps, update_every 2), and their reference rings. */
function savedHost(name: string, seq = 4321) {
  const dir = tempDir(`save-${name}`);
  const { logger } = capturingLogger();
  const host = new SaveHostStorage(dir, logger);
  const refs = {
    cpu: new ChartRing(ENTRIES, 1),
    net: new ChartRing(ENTRIES, 2),
  };
  feed(host.chartStore('system.cpu', 1, ENTRIES), refs.cpu, scriptedFeed(T0, 1, ENTRIES, 3, noisy));
  feed(host.chartStore('net.eth0', 2, ENTRIES), refs.net, scriptedFeed(T0, 2, ENTRIES, 1.5, sample));
  host.checkpoint(seq);
  host.close();
  return { dir, file: path.join(dir, SNAPSHOT_FILE), refs };
}

test('save: points written at close come back at the next start, with the seq to resume from', () => {
  const { dir, file, refs } = savedHost('roundtrip');
  assert.ok(fs.existsSync(file));
  const { logger, lines } = capturingLogger();
  const host = new SaveHostStorage(dir, logger);
  assert.equal(host.resumeSeq(), 4321);
  const cpu = host.chartStore('system.cpu', 1, ENTRIES);
  const net = host.chartStore('net.eth0', 2, ENTRIES);
  assertSameAs(cpu, refs.cpu, 3);
  assertSameAs(net, refs.net, 3);
  assert.equal(host.chartStore('system.cpu', 1, ENTRIES), cpu, 'one store per chart');
  // the same chart with another update_every is another, empty store
  assertEmpty(host.chartStore('system.cpu', 5, ENTRIES), T0);
  // the contract goes on: a replayed point at or before the newest is refused, a newer one is stored
  assert.equal(cpu.store(refs.cpu.lastEntryT(), [1, 2, 3]), false);
  assert.equal(cpu.store(refs.cpu.lastEntryT() + 1, [1, 2, 3]), true);
  assert.deepEqual(lines, []);
});

test('save: the snapshot is consumed when loaded, so a crash afterwards rebuilds from the event log', () => {
  const { dir, file } = savedHost('consumed');
  const first = new SaveHostStorage(dir, capturingLogger().logger);
  assert.equal(first.resumeSeq(), 4321);
  assert.equal(fs.existsSync(file), false);
  first.chartStore('system.cpu', 1, ENTRIES).store(T0 + 10_000, [1, 2, 3]);
  // no close(): the process died; the rings it held are gone and no old snapshot pretends to be current
  const second = new SaveHostStorage(dir, capturingLogger().logger);
  assert.equal(second.resumeSeq(), 0);
  assertEmpty(second.chartStore('system.cpu', 1, ENTRIES), T0);
});

test('save: charts of the snapshot not asked for are carried to the next snapshot; a chart asked with fewer entries keeps the newest', () => {
  const { dir, refs } = savedHost('carried');
  const first = new SaveHostStorage(dir, capturingLogger().logger);
  first.checkpoint(5000);
  first.close(); // neither chart was asked for
  const second = new SaveHostStorage(dir, capturingLogger().logger);
  assert.equal(second.resumeSeq(), 5000);
  assertSameAs(second.chartStore('system.cpu', 1, ENTRIES), refs.cpu, 3);
  const smaller = second.chartStore('net.eth0', 2, 16);
  const ref = new ChartRing(16, 2);
  ref.ensureDimensions(refs.net.dimensionCount);
  for (let t = refs.net.firstEntryT(); t <= refs.net.lastEntryT(); t += 2) ref.store(t, [0, 1, 2].map((d) => refs.net.valueAt(d, t)));
  assertSameAs(smaller, ref, 3);
});

/** Offsets to damage: the header, the first block's fixed fields, its id, its ring words, its CRC, the second block. */
function damageOffsets(file: string): number[] {
  const size = fs.statSync(file).size;
  const firstBlock = fs.readFileSync(file).readUInt32LE(24);
  return [2, 9, 17, 21, 24 + 4, 24 + 30, 24 + 200, 24 + firstBlock - 2, 24 + firstBlock + 40, size - 1];
}

function assertDiscarded(dir: string, file: string, lines: string[], host: SaveHostStorage): void {
  assert.equal(host.resumeSeq(), 0);
  assert.ok(lines.some((l) => l.includes(file) && l.includes('discarding')), lines.join('\n'));
  assertEmpty(host.chartStore('system.cpu', 1, ENTRIES), T0);
  assertEmpty(host.chartStore('net.eth0', 2, ENTRIES), T0);
  assert.equal(fs.existsSync(file), false);
  assert.ok(fs.existsSync(path.join(dir, `${SNAPSHOT_FILE}.bad`)), 'kept aside for inspection');
}

test('save: a snapshot with any byte flipped is reported by name and nothing of it is served', () => {
  const { dir, file } = savedHost('flipped');
  const intact = fs.readFileSync(file);
  for (const offset of damageOffsets(file)) {
    fs.writeFileSync(file, intact);
    flipByte(file, offset);
    const { logger, lines } = capturingLogger();
    assertDiscarded(dir, file, lines, new SaveHostStorage(dir, logger));
  }
});

test('save: a truncated snapshot is reported by name and nothing of it is served', () => {
  const { dir, file } = savedHost('truncated');
  const intact = fs.readFileSync(file);
  for (const length of [0, 10, 24, 40, intact.length / 2, intact.length - 1]) {
    fs.writeFileSync(file, intact.subarray(0, Math.floor(length)));
    const { logger, lines } = capturingLogger();
    assertDiscarded(dir, file, lines, new SaveHostStorage(dir, logger));
  }
  // bytes appended after the last chart are damage too
  fs.writeFileSync(file, Buffer.concat([intact, Buffer.alloc(4)]));
  const { logger, lines } = capturingLogger();
  assertDiscarded(dir, file, lines, new SaveHostStorage(dir, logger));
});

test('save: a host that stored nothing writes no snapshot', () => {
  const dir = tempDir('save-nothing');
  const host = new SaveHostStorage(dir, capturingLogger().logger);
  host.checkpoint(7);
  host.close();
  assert.deepEqual(fs.readdirSync(dir), []);
});
