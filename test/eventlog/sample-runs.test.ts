import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { HostEventLog, LogEvent } from '../../src/eventlog';
import { applyMigrations, findMigrationsDir, loadMigrations } from '../../src/eventlog/migrations';
import { PayloadArena } from '../../src/eventlog/sample-codec';
import { MAX_RUN_EVENTS, MAX_RUN_SPAN_US } from '../../src/eventlog/sample-run-codec';
import { silentLogger } from '../../src/log';
import type { Int64 } from '../../src/model/types';
import { openLog, sessionStart, tempDir } from './fixtures';

const T0 = 1_700_000_000_000_000;

type Row = { seq: number; kind: number; n: number | null; session: number; arrival_us: number };

function rows(log: HostEventLog): Row[] {
  return log.database().prepare('SELECT seq, kind, n, session, arrival_us FROM events ORDER BY seq').all() as Row[];
}

/** Appends a mix that breaks runs in every way, and returns what readEvents must give back, in seq order. */
function appendMix(log: HostEventLog): LogEvent[] {
  const s1 = log.startSession(sessionStart(T0));
  const s2 = log.startSession(sessionStart(T0 + 1));
  const charts = ['system.cpu', 'system.load', 'net.eth0'].map((id) => ({ id, ref: log.chartRef(id) }));
  const dims = ['a', 'b', 'c'];
  const want: LogEvent[] = [];
  let arrival = T0;
  const sample = (session: number, c: number, usec: number, t: number, values: (Int64 | null)[]): void => {
    const chart = charts[c];
    const refs = dims.slice(0, values.length).map((d) => log.dimRef(chart.ref, d));
    log.appendSample(session, arrival, chart.ref, usec, t, refs, values, values.length);
    want.push({ seq: log.lastSeq(), session, arrivalUs: arrival, kind: 'sample', chartId: chart.id, usec, t, dimIds: dims.slice(0, values.length), values });
  };
  const line = (session: number, text: string): void => {
    log.appendLine(session, arrival, text);
    want.push({ seq: log.lastSeq(), session, arrivalUs: arrival, kind: 'line', line: text });
  };
  for (let i = 0; i < 3000; i++) {
    arrival += i % 7 === 0 ? 0 : 3_001; // a run breaks on its span every ~330 samples
    const session = i % 500 < 480 ? s1 : i % 2 ? s1 : s2; // two live sessions interleaved now and then
    if (i % 500 === 250) for (let k = 0; k < 40; k++) line(session, k % 2 ? `CHART net.eth${k} '' 'Débit ${k} ✓' kilobits/s` : `DIMENSION d${k} '' absolute 1 1`); // a burst of definitions: a line run
    if (i % 97 === 0) line(session, `VARIABLE HOST v${i} = ${i}`);
    else if (i % 211 === 0) sample(session, i % 3, -1, 0, [i]); // usec that a run cannot hold: a row of its own
    else if (i % 223 === 0) sample(session, i % 3, 1_000_000, 2 ** 50, [i]); // t that a run cannot hold
    else sample(session, i % 3, 1_000_000 + (i % 5), 1_700_000_000 + Math.floor(i / 3), [i, i % 4 ? -i * 1e9 : null, 2n ** 63n - BigInt(i)]);
  }
  arrival += 5_000_000;
  for (let i = 0; i < MAX_RUN_EVENTS + 10; i++) sample(s1, 0, 1_000_000, 0, [i]); // one arrival: a run breaks on its size
  log.flush();
  return want;
}

test('consecutive samples (or lines) of a session share a row; every event reads back as appended', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const want = appendMix(log);
  const stored = rows(log);
  assert.ok(stored.length < want.length / 10, `${stored.length} rows for ${want.length} events`);
  assert.equal(log.countEvents(), want.length);
  assert.deepEqual([...log.readEvents({})], want);

  // A run holds consecutive samples of one session only, spans at most MAX_RUN_SPAN_US, and carries its last event.
  const bySeq = new Map(want.map((e) => [e.seq, e]));
  let prev = 0;
  for (const r of stored) {
    const n = r.n ?? 1;
    const events = want.filter((e) => e.seq > prev && e.seq <= r.seq);
    assert.equal(events.length, n, `row ${r.seq}`);
    prev = r.seq;
    if (r.kind !== 3 && r.kind !== 4) continue;
    assert.ok(n > 1 && n <= MAX_RUN_EVENTS);
    assert.ok(events.every((e) => e.kind === (r.kind === 3 ? 'sample' : 'line') && e.session === r.session));
    assert.equal(r.arrival_us, bySeq.get(r.seq)?.arrivalUs);
    assert.ok(events[n - 1].arrivalUs - events[0].arrivalUs <= MAX_RUN_SPAN_US);
  }
  assert.ok(stored.some((r) => r.n === MAX_RUN_EVENTS));
  assert.ok(stored.some((r) => r.kind === 4 && r.n === 40), 'a burst of definitions is one row');
  log.close();
});

test('reads by seq, by arrival and with a limit start and stop inside runs', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const want = appendMix(log);
  let rng = 11;
  const rand = (n: number): number => (rng = (rng * 1103515245 + 12345) % 2147483648) % n;
  const last = want.at(-1)!;
  for (let k = 0; k < 200; k++) {
    const fromSeq = 1 + rand(want.length);
    const toSeq = fromSeq + rand(1500);
    const limit = k % 3 === 0 ? 1 + rand(700) : undefined;
    const got = [...log.readEvents({ fromSeq, toSeq, limit })].map((e) => e.seq);
    const expect = want.filter((e) => e.seq >= fromSeq && e.seq <= toSeq).slice(0, limit).map((e) => e.seq);
    assert.deepEqual(got, expect, `seq [${fromSeq}, ${toSeq}] limit ${limit}`);

    const afterUs = T0 + rand(last.arrivalUs - T0 + 10);
    const beforeUs = afterUs + rand(3_000_000);
    const inTime = [...log.readEvents({ afterUs, beforeUs, limit, fromSeq: k % 2 ? fromSeq : undefined })].map((e) => e.seq);
    const expectTime = want
      .filter((e) => e.arrivalUs >= afterUs && e.arrivalUs < beforeUs && (k % 2 ? e.seq >= fromSeq : true))
      .slice(0, limit)
      .map((e) => e.seq);
    assert.deepEqual(inTime, expectTime, `[${afterUs - T0}, ${beforeUs - T0}) limit ${limit}`);
  }
  assert.deepEqual([...log.readEvents({ linesOnly: true })], want.filter((e) => e.kind === 'line'));
  log.close();
});

test('retention deletes a run once its last sample is older than the cutoff, and counts its samples', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const want = appendMix(log);
  const samples = want.filter((e) => e.kind === 'sample');
  const cutoff = samples[Math.floor(samples.length / 2)].arrivalUs + 1;
  const r = log.enforceRetention({ nowUs: cutoff + 1e9, maxAgeUs: 1e9, maxBytes: 1e12 });
  const left = [...log.readEvents({})];
  const gone = want.filter((e) => !left.some((l) => l.seq === e.seq));
  assert.equal(r.deletedEvents, gone.length);
  assert.equal(log.countEvents(), want.length - gone.length);
  assert.ok(gone.length > samples.length / 3, `only ${gone.length} deleted`);
  assert.ok(gone.every((e) => e.kind === 'sample' && e.arrivalUs < cutoff), 'only samples older than the cutoff go');
  assert.ok(left.filter((e) => e.kind === 'sample').every((e) => e.arrivalUs >= cutoff - MAX_RUN_SPAN_US), 'no older sample is kept than its run needs');
  assert.deepEqual(left, want.filter((e) => left.some((l) => l.seq === e.seq)), 'what stays reads back unchanged');
  log.close();
});

test('seq and arrival go on after a run when the log is reopened', () => {
  const file = path.join(tempDir(), 'events.db');
  let log = openLog(file);
  const want = appendMix(log);
  const high = log.lastSeq();
  log.close();
  log = openLog(file);
  assert.equal(log.lastSeq(), high);
  assert.equal(log.committedSeq(), high);
  const s = log.startSession(sessionStart(T0));
  log.appendLine(s, T0, 'FLUSH'); // a clock behind the log's newest arrival is clamped to it
  log.flush();
  const [next] = [...log.readEvents({ fromSeq: high + 1 })];
  assert.deepEqual([next.seq, next.arrivalUs], [high + 1, want.at(-1)!.arrivalUs]);
  log.close();
});

test('a file of schema version 4 (one row per sample) is migrated, read back unchanged, and takes runs after it', () => {
  const file = path.join(tempDir(), 'events.db');
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  applyMigrations(old, loadMigrations(findMigrationsDir()).filter((m) => m.version <= 4), T0, silentLogger);
  old.prepare(`INSERT INTO sessions (peer_ip, peer_port, api_key, hostname, machine_guid, negotiated, request_params, started_us, first_seq)
               VALUES ('10.0.0.1', 1, 'k', 'h', 'g', 5, '{}', ?, 1)`).run(T0);
  old.prepare("INSERT INTO charts (ref, chart_id) VALUES (1, 'system.cpu')").run();
  old.prepare("INSERT INTO dimensions (chart_ref, ordinal, dim_id) VALUES (1, 0, 'user')").run();
  const arena = new PayloadArena();
  const insert = old.prepare('INSERT INTO events (seq, session, arrival_us, kind, chart, usec, t, payload) VALUES (?, 1, ?, ?, ?, ?, ?, ?)');
  insert.run(1, T0, 0, null, null, null, 'VARIABLE HOST x = 1');
  for (let seq = 2; seq <= 50; seq++) {
    const start = arena.appendSample([0], [seq * 1000], 1);
    insert.run(seq, T0 + seq, 1, 1, 1_000_000, 0, Buffer.from(arena.buf.subarray(start, arena.length)));
  }
  old.close();

  const log = openLog(file);
  const before = [...log.readEvents({})];
  assert.equal(before.length, 50);
  assert.deepEqual(before[1], { seq: 2, session: 1, arrivalUs: T0 + 2, kind: 'sample', chartId: 'system.cpu', usec: 1_000_000, t: 0, dimIds: ['user'], values: [2000] });
  const s = log.startSession(sessionStart(T0 + 100));
  const cpu = log.chartRef('system.cpu');
  for (let i = 0; i < 10; i++) log.appendSample(s, T0 + 100 + i, cpu, 1_000_000, 0, [0], [i], 1);
  log.flush();
  assert.deepEqual(rows(log).slice(-2).map((r) => [r.seq, r.kind, r.n]), [[50, 1, null], [60, 3, 10]]);
  assert.equal(log.countEvents(), 60);
  assert.deepEqual([...log.readEvents({ toSeq: 50 })], before);
  assert.deepEqual([...log.readEvents({ afterUs: T0 + 40, beforeUs: T0 + 105 })].map((e) => e.seq), [...range(40, 50), ...range(51, 55)]);
  log.close();
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
