import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pino from 'pino';
import type { LogEvent } from '../../src/eventlog';
import type { Int64 } from '../../src/model/types';
import { openLog, sessionStart, tempDir } from './fixtures';

const T0 = 1_700_000_000_000_000;

test('the schema is created by the migrations, recorded once, and not reapplied on reopen', () => {
  const file = path.join(tempDir(), 'nested', 'dir', 'events.db');
  openLog(file).close();
  openLog(file).close();
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT version, name, applied_at FROM schema_migrations').all() as { version: number; name: string; applied_at: number }[];
  assert.deepEqual(rows.map((r) => [r.version, r.name]), [[1, 'initial'], [2, 'drop_arrival_index'], [3, 'replay_points'], [4, 'alarm_log'], [5, 'sample_runs'], [6, 'line_runs']]);
  assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").all(), []);
  assert.ok(Math.abs(rows[0].applied_at - Date.now() * 1000) < 60e6);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  for (const t of ['alarm_log', 'alarm_notifications', 'charts', 'dimensions', 'events', 'sessions']) assert.ok(tables.includes(t), t);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('auto_vacuum', { simple: true }), 2); // incremental
  db.close();
});

test('new logs start as copies of one empty log: current schema, WAL, independent, no template file left behind', () => {
  const [dirA, dirB] = [tempDir(), tempDir()];
  const a = openLog(path.join(dirA, 'events.db'));
  const b = openLog(path.join(dirB, 'events.db'));
  assert.equal(a.startSession(sessionStart(T0)), 1);
  a.appendLine(1, T0, 'CHART a.b');
  a.flush();
  assert.equal(b.startSession(sessionStart(T0)), 1);
  assert.equal(b.countEvents(), 0);
  a.close();
  b.close();
  for (const dir of [dirA, dirB]) {
    assert.deepEqual(fs.readdirSync(dir).filter((f) => !f.startsWith('events.db')), []);
    const db = new Database(path.join(dir, 'events.db'), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('auto_vacuum', { simple: true }), 2);
    assert.equal(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get(), 6);
    db.close();
  }
});

test('sessions start, end, are listed by time range, and survive a reopen', () => {
  const file = path.join(tempDir(), 'events.db');
  let log = openLog(file);
  const a = log.startSession(sessionStart(T0, { peerIp: '::1', capabilities: null, negotiated: 5, requestedVer: '5' }));
  log.endSession(a, T0 + 10e6, 'child disconnected');
  const b = log.startSession(sessionStart(T0 + 20e6, { requestParams: { hostname: 'x y', tags: 'a=b&c' } }));
  assert.ok(b > a);
  log.close();

  log = openLog(file);
  const all = log.sessions();
  assert.deepEqual(all.map((s) => s.id), [a, b]);
  assert.deepEqual(all[0], { ...sessionStart(T0, { peerIp: '::1', capabilities: null, negotiated: 5, requestedVer: '5' }), id: a, endedUs: T0 + 10e6, endReason: 'child disconnected' });
  assert.deepEqual(all[1].requestParams, { hostname: 'x y', tags: 'a=b&c' });
  assert.equal(all[1].endedUs, null);
  // Overlap with [after, before): a ended at +10 s, b is still connected.
  assert.deepEqual(log.sessions({ afterUs: T0 + 5e6, beforeUs: T0 + 6e6 }).map((s) => s.id), [a]);
  assert.deepEqual(log.sessions({ afterUs: T0 + 11e6, beforeUs: T0 + 15e6 }).map((s) => s.id), []);
  assert.deepEqual(log.sessions({ afterUs: T0 + 11e6 }).map((s) => s.id), [b]);
  assert.deepEqual(log.sessions({ beforeUs: T0 }).map((s) => s.id), []);
  log.close();
});

test('lines and samples round-trip exactly, including extreme and empty values, across a reopen', () => {
  const file = path.join(tempDir(), 'events.db');
  const extremes: (Int64 | null)[] = [0, -1, 2 ** 53 - 1, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, null];
  const dims = ['zero', 'minus one', 'max safe', 'max safe + 2', 'int64 min', 'int64 max', 'empty'];
  let log = openLog(file);
  const s = log.startSession(sessionStart(T0));
  const lines = [
    'CHART "system.cpu" "" "Total CPU utilization" "percentage" "cpu" "system.cpu" "stacked" 100 1 "" "proc.plugin" "/proc/stat"',
    "DIMENSION 'user' '' 'incremental' 1 100 ''",
    'CLABEL "k" "välue ✓" 1',
  ];
  lines.forEach((l, i) => log.appendLine(s, T0 + i, l));
  const ref = log.chartRef('system.cpu');
  const ordinals = dims.map((d) => log.dimRef(ref, d));
  log.appendSample(s, T0 + 10, ref, 1_000_123, 1_700_000_000, ordinals, extremes, extremes.length);
  log.appendSample(s, T0 + 11, ref, 0, 0, [ordinals[6], ordinals[0]], [5, null], 2); // any order, any subset
  log.close();

  log = openLog(file);
  const events = [...log.readEvents({})];
  assert.deepEqual(
    events.slice(0, 3),
    lines.map((line, i): LogEvent => ({ seq: i + 1, session: s, arrivalUs: T0 + i, kind: 'line', line })),
  );
  assert.deepEqual(events[3], { seq: 4, session: s, arrivalUs: T0 + 10, kind: 'sample', chartId: 'system.cpu', usec: 1_000_123, t: 1_700_000_000, dimIds: dims, values: extremes });
  assert.deepEqual(events[4], { seq: 5, session: s, arrivalUs: T0 + 11, kind: 'sample', chartId: 'system.cpu', usec: 0, t: 0, dimIds: ['empty', 'zero'], values: [5, null] });
  assert.equal(log.countEvents(), 5);
  assert.equal(log.lastSeq(), 5);
  log.close();
});

test('appendSample copies its arguments: callers may reuse their arrays at once', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const s = log.startSession(sessionStart(T0));
  const ref = log.chartRef('c');
  const ords = [log.dimRef(ref, 'a'), log.dimRef(ref, 'b')];
  const vals: Int64[] = [1, 2];
  log.appendSample(s, T0, ref, 1, 0, ords, vals, 2);
  vals[0] = 100;
  vals[1] = 200;
  ords.reverse();
  log.appendSample(s, T0 + 1, ref, 1, 0, ords, vals, 1); // count < length: only the first pair
  log.flush();
  const got = [...log.readEvents({})].map((e) => (e.kind === 'sample' ? [e.dimIds, e.values] : null));
  assert.deepEqual(got, [[['a', 'b'], [1, 2]], [['b'], [100]]]);
  log.close();
});

test('the chart and dimension dictionaries are stable across reopen and keep growing', () => {
  const file = path.join(tempDir(), 'events.db');
  let log = openLog(file);
  const cpu = log.chartRef('system.cpu');
  const ram = log.chartRef('system.ram');
  assert.notEqual(cpu, ram);
  assert.equal(log.chartRef('system.cpu'), cpu);
  assert.deepEqual([log.dimRef(cpu, 'user'), log.dimRef(cpu, 'system'), log.dimRef(ram, 'free'), log.dimRef(cpu, 'user')], [0, 1, 0, 0]);
  log.close(); // dictionary entries are committed even without events

  log = openLog(file);
  assert.equal(log.chartRef('system.cpu'), cpu);
  assert.equal(log.chartRef('system.ram'), ram);
  assert.equal(log.dimRef(cpu, 'system'), 1);
  assert.equal(log.dimRef(cpu, 'nice'), 2);
  const net = log.chartRef('net.eth0');
  assert.ok(net > ram);
  assert.throws(() => log.dimRef(999, 'x'), /unknown chart ref/);
  log.close();

  log = openLog(file);
  assert.equal(log.dimRef(cpu, 'nice'), 2);
  assert.equal(log.chartRef('net.eth0'), net);
  log.close();
});

test('appends are batched: nothing is committed before flush or the threshold', () => {
  const file = path.join(tempDir(), 'events.db');
  const log = openLog(file, { flushEvents: 5 });
  const s = log.startSession(sessionStart(T0));
  const reader = new Database(file, { readonly: true });
  const visible = (): number => reader.prepare('SELECT coalesce(sum(coalesce(n, 1)), 0) FROM events').pluck().get() as number; // events, not rows: lines go in runs

  for (let i = 0; i < 4; i++) log.appendLine(s, T0 + i, `VARIABLE HOST v${i} = ${i}`);
  assert.equal(log.pendingCount(), 4);
  assert.equal(log.lastSeq(), 4);
  assert.equal(log.committedSeq(), 0);
  assert.equal(visible(), 0);
  assert.equal(log.countEvents(), 0);
  assert.deepEqual([...log.readEvents({})], []);

  log.appendLine(s, T0 + 4, 'VARIABLE HOST v4 = 4'); // the fifth reaches flushEvents
  assert.equal(log.pendingCount(), 0);
  assert.equal(log.committedSeq(), 5);
  assert.equal(visible(), 5);

  log.appendLine(s, T0 + 5, 'FLUSH');
  assert.equal(visible(), 5);
  log.flush();
  assert.equal(visible(), 6);
  assert.equal(log.committedSeq(), log.lastSeq());

  log.appendLine(s, T0 + 6, 'FLUSH');
  log.endSession(s, T0 + 7, 'done'); // flushes first
  assert.equal(visible(), 7);
  reader.close();
  log.close();
});

test('the timer commits pending events on its own', async () => {
  const file = path.join(tempDir(), 'events.db');
  const log = openLog(file, { flushMs: 20 });
  const s = log.startSession(sessionStart(T0));
  log.appendLine(s, T0, 'FLUSH');
  assert.equal(log.committedSeq(), 0);
  const deadline = Date.now() + 5000;
  while (log.committedSeq() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(log.committedSeq(), 1);
  log.close();
});

test('readEvents selects by seq, by arrival time range, with a limit, and pages through large logs', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const s = log.startSession(sessionStart(T0));
  const ref = log.chartRef('c');
  const d = [log.dimRef(ref, 'x')];
  // 2500 samples, one per second, and a line every 100.
  for (let i = 0; i < 2500; i++) {
    if (i % 100 === 0) log.appendLine(s, T0 + i * 1e6, `TIMESTAMP ${i}`);
    log.appendSample(s, T0 + i * 1e6, ref, 1e6, 0, d, [i], 1);
  }
  log.flush();
  const total = 2525;
  assert.equal(log.countEvents(), total);

  const all = [...log.readEvents({})];
  assert.equal(all.length, total);
  assert.deepEqual(all.map((e) => e.seq), Array.from({ length: total }, (_, i) => i + 1));

  assert.deepEqual([...log.readEvents({ fromSeq: total - 2 })].map((e) => e.seq), [total - 2, total - 1, total]);
  assert.deepEqual([...log.readEvents({ fromSeq: 10, limit: 3 })].map((e) => e.seq), [10, 11, 12]);
  assert.equal([...log.readEvents({ limit: 1500 })].length, 1500);

  // [after, before): seconds 1000..1999 -> 1000 samples + 10 lines.
  const range = [...log.readEvents({ afterUs: T0 + 1000e6, beforeUs: T0 + 2000e6 })];
  assert.equal(range.length, 1010);
  assert.ok(range.every((e) => e.arrivalUs >= T0 + 1000e6 && e.arrivalUs < T0 + 2000e6));
  assert.deepEqual(range[0], { seq: range[0].seq, session: s, arrivalUs: T0 + 1000e6, kind: 'line', line: 'TIMESTAMP 1000' });
  const last = range.at(-1);
  assert.ok(last?.kind === 'sample' && last.values[0] === 1999);
  assert.equal([...log.readEvents({ afterUs: T0 + 1000e6, beforeUs: T0 + 2000e6, fromSeq: range[500].seq })].length, 510);
  assert.equal([...log.readEvents({ afterUs: T0 + 2400e6 })].length, 101);
  assert.equal([...log.readEvents({ beforeUs: T0 })].length, 0);
  assert.equal([...log.readEvents({ afterUs: T0 + 9000e6 })].length, 0);
  log.close();
});

test('a reader may be interleaved with appends and flushes (no statement stays open)', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const s = log.startSession(sessionStart(T0));
  // 2 s apart: no two lines share a row, so the 2,100 rows take three pages of reads
  for (let i = 0; i < 2100; i++) log.appendLine(s, T0 + i * 2e6, `L${i}`);
  log.flush();
  let n = 0;
  for (const ev of log.readEvents({})) {
    n++;
    if (ev.seq === 1) {
      log.appendLine(s, T0 + 5000e6, 'late');
      log.flush();
    }
  }
  assert.equal(n, 2101); // the event committed during the read is seen on a later page
  log.close();
});

test('a session left open by a crashed process is ended at its last event when the next one starts', () => {
  const file = path.join(tempDir(), 'events.db');
  let log = openLog(file);
  const a = log.startSession(sessionStart(T0));
  log.appendLine(a, T0 + 5, 'FLUSH');
  log.flush();
  // Simulate a crash: the file is left without endSession (close() only flushes).
  log.close();

  log = openLog(file);
  assert.equal(log.sessions()[0].endedUs, null);
  const b = log.startSession(sessionStart(T0 + 60e6));
  const c = log.startSession(sessionStart(T0 + 61e6)); // b is live in this process: left alone
  const rows = log.sessions();
  assert.deepEqual(rows.map((r) => [r.id, r.endedUs, r.endReason]), [[a, T0 + 5, 'unclean shutdown'], [b, null, null], [c, null, null]]);
  log.close();
});

test('a failed commit keeps the batch and session ends pending, reports it, and succeeds later', () => {
  const file = path.join(tempDir(), 'events.db');
  const errors: string[] = [];
  const logger = pino({ level: 'error' }, { write: (msg: string) => errors.push(msg) });
  const log = openLog(file, { logger, flushEvents: 1000 });
  const s = log.startSession(sessionStart(T0));
  log.flush();
  // Make the disk "full": this connection may not grow the file any more.
  const db = Reflect.get(log, 'db') as Database.Database;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  const big = 'x'.repeat(2000);
  for (let i = 0; i < 50; i++) log.appendLine(s, T0 + i, `VARIABLE HOST ${big}${i} = 1`);
  assert.throws(() => log.flush(), (err: Error) => /cannot commit 50 pending events/.test(err.message) && /full/i.test(err.message));
  assert.throws(() => log.flush(), /cannot commit 50 pending events/);
  assert.equal(errors.length, 1); // logged once per failing run
  assert.equal(log.pendingCount(), 50);
  assert.equal(log.committedSeq(), 0);
  assert.equal(log.countEvents(), 0);
  assert.match(log.failure ?? '', /full/);
  log.endSession(s, T0 + 60, 'event log cannot be written'); // does not throw: the end waits with the events
  assert.equal(log.sessions()[0].endedUs, null);

  db.pragma('max_page_count = 1073741823');
  const s2 = log.startSession(sessionStart(T0 + 100)); // commits what waited, then starts
  assert.equal(log.failure, null);
  log.appendLine(s2, T0 + 101, 'FLUSH');
  log.flush();
  assert.equal(log.pendingCount(), 0);
  const got = [...log.readEvents({})];
  assert.equal(got.length, 51);
  assert.deepEqual(got.map((e) => e.seq), Array.from({ length: 51 }, (_, i) => i + 1));
  assert.equal(got[49].kind === 'line' && got[49].line, `VARIABLE HOST ${big}49 = 1`);
  assert.deepEqual(log.sessions().map((r) => [r.endedUs, r.endReason]), [[T0 + 60, 'event log cannot be written'], [null, null]]);
  log.close();
});

test('the flush clock retries a failed commit on its own, for each of several logs, once the disk has room', async () => {
  const dir = tempDir();
  const logs = [0, 1, 2].map((i) => openLog(path.join(dir, `events-${i}.db`), { flushMs: 20, logger: pino({ level: 'silent' }) }));
  const dbs = logs.map((log) => Reflect.get(log, 'db') as Database.Database);
  const sessions = logs.map((log) => log.startSession(sessionStart(T0)));
  logs.forEach((log) => log.flush());
  for (const db of dbs) db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const big = 'x'.repeat(2000);
  logs.forEach((log, i) => {
    for (let j = 0; j < 20; j++) log.appendLine(sessions[i], T0 + j, `VARIABLE HOST ${big}${j} = ${i}`);
  });
  const until = async (ok: () => boolean): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };
  await until(() => logs.every((log) => log.failure !== null));
  assert.deepEqual(logs.map((log) => [log.pendingCount(), log.committedSeq()]), [[20, 0], [20, 0], [20, 0]]);
  await new Promise((r) => setTimeout(r, 100)); // several ticks fail: still pending, nothing lost
  assert.deepEqual(logs.map((log) => log.pendingCount()), [20, 20, 20]);
  for (const db of dbs) db.pragma('max_page_count = 1073741823');
  await until(() => logs.every((log) => log.committedSeq() === 20));
  assert.deepEqual(logs.map((log) => [log.committedSeq(), log.failure, log.countEvents()]), [[20, null, 20], [20, null, 20], [20, null, 20]]);
  logs.forEach((log) => log.close());
});

test('close is idempotent and commits what is pending; a closed log refuses work', () => {
  const file = path.join(tempDir(), 'events.db');
  const log = openLog(file);
  const s = log.startSession(sessionStart(T0));
  log.appendLine(s, T0, 'FLUSH');
  log.close();
  log.close();
  assert.throws(() => log.appendLine(s, T0, 'FLUSH'), /closed/);
  assert.throws(() => log.countEvents(), /closed/);
  const again = openLog(file);
  assert.equal(again.countEvents(), 1);
  again.close();
});

test('a second instance opened for reading (the audit CLI) decodes charts the writer created after it opened', () => {
  const file = path.join(tempDir(), 'events.db');
  const writer = openLog(file);
  const s = writer.startSession(sessionStart(T0));
  const reader = openLog(file);
  const ref = writer.chartRef('new.chart');
  writer.appendSample(s, T0, ref, 1, 0, [writer.dimRef(ref, 'd')], [7], 1);
  writer.flush();
  const [ev] = [...reader.readEvents({})];
  assert.ok(ev.kind === 'sample');
  assert.deepEqual([ev.chartId, ev.dimIds, ev.values], ['new.chart', ['d'], [7]]);
  reader.close();
  assert.equal(writer.sessions()[0].endedUs, null); // the reader did not touch the live session
  writer.close();
});
