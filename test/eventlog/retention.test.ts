import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { HostEventLog, LogEvent } from '../../src/eventlog';
import { openLog, sessionStart, tempDir } from './fixtures';

const T0 = 1_700_000_000_000_000;
const SEC = 1_000_000;
const DEFINITIONS = ['CHART "app.x" "" "X" "n" "x" "app.x" "line" 1 1 "" "p" "m"', 'DIMENSION "a" "" "absolute" 1 1 ""', 'CHART_DEFINITION_END 0 0 0'];

/** A session that sends its definitions at `fromS` and then one sample per second up to (excluding) `toS`. */
function writeSession(log: HostEventLog, fromS: number, toS: number, opts: { end: boolean; perSecond?: number; dims?: number }): number {
  const s = log.startSession(sessionStart(T0 + fromS * SEC));
  for (const line of DEFINITIONS) log.appendLine(s, T0 + fromS * SEC, line);
  const ref = log.chartRef('app.x');
  const dims = Array.from({ length: opts.dims ?? 1 }, (_, i) => log.dimRef(ref, String.fromCharCode(97 + i)));
  const values = dims.map(() => 0);
  for (let sec = fromS; sec < toS; sec++) {
    for (let k = 0; k < (opts.perSecond ?? 1); k++) {
      values.fill(sec * 1_000_003 + k);
      log.appendSample(s, T0 + sec * SEC + k, ref, SEC, 0, dims, values, dims.length);
    }
  }
  if (opts.end) log.endSession(s, T0 + toS * SEC, 'disconnected');
  log.flush();
  return s;
}

function summary(log: HostEventLog): { lines: Map<number, number>; samples: Map<number, number>; events: LogEvent[] } {
  const lines = new Map<number, number>();
  const samples = new Map<number, number>();
  const events = [...log.readEvents({})];
  for (const e of events) {
    const m = e.kind === 'line' ? lines : samples;
    m.set(e.session, (m.get(e.session) ?? 0) + 1);
  }
  return { lines, samples, events };
}

test('age: old samples go; definitions go only with an ended, superseded session; the newest session stays whole', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  writeSession(log, 0, 100, { end: true }); // ends at 100 s
  const b = writeSession(log, 200, 300, { end: true }); // ends at 300 s
  const c = writeSession(log, 400, 500, { end: false }); // connected

  // cutoff 150 s: all of session a goes (its end is before the cutoff and newer sessions exist), row included.
  let r = log.enforceRetention({ nowUs: T0 + 250 * SEC, maxAgeUs: 100 * SEC, maxBytes: 1e12 });
  assert.equal(r.deletedEvents, 100 + DEFINITIONS.length);
  let sum = summary(log);
  assert.deepEqual([...sum.lines], [[b, 3], [c, 3]]);
  assert.deepEqual([...sum.samples], [[b, 100], [c, 100]]);
  assert.deepEqual(log.sessions().map((s) => s.id), [b, c]);

  // cutoff 250 s: half of b's samples; b ended after the cutoff, so its definitions and row stay.
  r = log.enforceRetention({ nowUs: T0 + 350 * SEC, maxAgeUs: 100 * SEC, maxBytes: 1e12 });
  assert.equal(r.deletedEvents, 50);
  sum = summary(log);
  assert.deepEqual([...sum.lines], [[b, 3], [c, 3]]);
  assert.deepEqual([...sum.samples], [[b, 50], [c, 100]]);
  assert.ok(sum.events.filter((e) => e.kind === 'sample').every((e) => e.arrivalUs >= T0 + 250 * SEC));

  // cutoff far in the future: every sample goes, and b with its definitions; c's definitions and row stay, because
  // c is the newest session (and still connected).
  r = log.enforceRetention({ nowUs: T0 + 10_000 * SEC, maxAgeUs: 100 * SEC, maxBytes: 1e12 });
  assert.equal(r.deletedEvents, 150 + DEFINITIONS.length);
  sum = summary(log);
  assert.deepEqual(sum.events.map((e) => (e.kind === 'line' ? [e.session, e.line] : null)), DEFINITIONS.map((l) => [c, l]));
  assert.deepEqual(log.sessions().map((s) => s.id), [c]);

  // Even ended, the newest session keeps its definitions.
  log.endSession(c, T0 + 500 * SEC, 'disconnected');
  r = log.enforceRetention({ nowUs: T0 + 20_000 * SEC, maxAgeUs: 100 * SEC, maxBytes: 1e12 });
  assert.equal(r.deletedEvents, 0);
  assert.equal(log.countEvents(), DEFINITIONS.length);
  assert.deepEqual(log.sessions().map((s) => s.id), [c]);
  log.close();
});

test('seq never goes back, even after retention deleted the newest events', () => {
  const file = path.join(tempDir(), 'events.db');
  let log = openLog(file);
  writeSession(log, 0, 10, { end: true });
  writeSession(log, 20, 30, { end: true });
  const high = log.lastSeq();
  log.enforceRetention({ nowUs: T0 + 1000 * SEC, maxAgeUs: SEC, maxBytes: 1e12 });
  assert.ok(log.countEvents() < high);
  log.close();
  log = openLog(file);
  assert.equal(log.lastSeq(), high);
  const s = log.startSession(sessionStart(T0 + 2000 * SEC));
  log.appendLine(s, T0 + 2000 * SEC, 'FLUSH');
  log.flush();
  assert.equal([...log.readEvents({ fromSeq: high + 1 })][0]?.seq, high + 1);
  log.close();
});

test('size: the oldest events go until the file fits, the file really shrinks, the newest definitions survive', () => {
  const file = path.join(tempDir(), 'events.db');
  const log = openLog(file, { flushEvents: 5000 });
  const a = writeSession(log, 0, 1000, { end: true, perSecond: 20, dims: 8 });
  const b = writeSession(log, 1000, 2000, { end: true, perSecond: 20, dims: 8 });
  const c = writeSession(log, 2000, 2500, { end: false, perSecond: 20, dims: 8 });
  log.enforceRetention({ nowUs: T0, maxAgeUs: 1e15, maxBytes: 1e12 }); // nothing to delete
  // measured with the WAL checkpointed into the file: how much of it is still in the WAL depends on when SQLite last
  // checkpointed on its own
  log.database().pragma('wal_checkpoint(TRUNCATE)');
  const before = log.fileBytes(); // the file and its WAL
  assert.ok(before > 2_000_000, `only ${before} bytes written`);
  const eventsBefore = log.countEvents();

  const maxBytes = Math.floor(before * 0.3);
  const r = log.enforceRetention({ nowUs: T0, maxAgeUs: 1e15, maxBytes });
  assert.ok(r.fileBytes <= maxBytes, `${r.fileBytes} > ${maxBytes}`);
  assert.equal(r.fileBytes, log.fileBytes());
  assert.ok(fs.statSync(file).size <= maxBytes);
  assert.ok(r.deletedEvents > eventsBefore * 0.5, `deleted only ${r.deletedEvents} of ${eventsBefore}`);
  assert.equal(log.countEvents(), eventsBefore - r.deletedEvents);

  // What is left is the newest part, decodable, with the newest session's definitions first.
  const sum = summary(log);
  assert.deepEqual([...sum.lines.keys()].at(-1), c);
  assert.equal(sum.lines.get(c), DEFINITIONS.length);
  assert.ok(!sum.samples.has(a) && !sum.lines.has(a));
  const samples = sum.events.filter((e) => e.kind === 'sample');
  const lastSample = samples.at(-1);
  assert.ok(lastSample?.kind === 'sample' && lastSample.values[0] === 2499 * 1_000_003 + 19);
  const firstKept = samples[0].seq;
  const tail = sum.events.filter((e) => e.seq >= firstKept).map((e) => e.seq);
  assert.deepEqual(tail, Array.from({ length: log.lastSeq() - firstKept + 1 }, (_, i) => firstKept + i)); // no holes
  // Session rows are kept exactly while they have events (or are the newest).
  const withEvents = new Set(sum.events.map((e) => e.session));
  assert.deepEqual(log.sessions().map((s) => s.id), [b, c].filter((id) => withEvents.has(id) || id === c));

  // An impossible budget keeps only what must stay: the newest session's definitions.
  const r2 = log.enforceRetention({ nowUs: T0, maxAgeUs: 1e15, maxBytes: 1 });
  assert.ok(r2.fileBytes < r.fileBytes);
  const rest = summary(log);
  assert.deepEqual(rest.events.map((e) => (e.kind === 'line' ? [e.session, e.line] : null)), DEFINITIONS.map((l) => [c, l]));
  assert.deepEqual(log.sessions().map((s) => s.id), [c]);
  assert.ok(fs.statSync(file).size < 200_000);

  // The log still takes appends afterwards.
  log.appendLine(c, T0 + 3000 * SEC, 'FLUSH');
  log.flush();
  assert.equal(log.countEvents(), DEFINITIONS.length + 1);
  log.close();
});
