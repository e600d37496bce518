/**
 * What SQLite itself costs per value under three row layouts of the event log's `events` table (the real schema and
 * pragmas: a file made by HostEventLog.open), so that a change of layout can be weighed before it is built. The same
 * sample payloads (8 values each, encoded once beforehand by the log's own codec, so only SQLite is measured) are
 * appended a host-second at a time (200 chart samples, one commit, as one child's second arrives):
 *   per-sample         one row per chart sample, one-row INSERTs
 *   per-sample-multi   one row per chart sample, ROWS_PER_INSERT-row INSERTs (what the log did before sample runs)
 *   per-host-second    one sample-run row per host-second, the log's own run codec (what the log does now)
 * Prints CPU seconds per million values and file bytes per value for each, rounds alternating the layouts.
 *
 *   node dist/scripts/bench-log-layout.js [--seconds 2000] [--rounds 2]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HostEventLog } from '../src/eventlog';
import { COLUMNS, ROWS_PER_INSERT, insertEventsSql } from '../src/eventlog/host-event-log';
import { KIND_RUN, KIND_SAMPLE } from '../src/eventlog/pending-batch';
import { PayloadArena } from '../src/eventlog/sample-codec';
import { RunWriter } from '../src/eventlog/sample-run-codec';
import { silentLogger } from '../src/log';
import { parseNumericArgs } from './lib/numeric-args';

type Args = { seconds: number; rounds: number };
const CHARTS = 200;
const DIMS = 8;

/** One payload per chart: counters of the sizes real charts send (a few bytes to 2^40). */
function chartPayloads(): Buffer[] {
  const arena = new PayloadArena();
  const ordinals = Array.from({ length: DIMS }, (_, d) => d);
  return Array.from({ length: CHARTS }, (_, c) => {
    const values = ordinals.map((d) => (c * 7919 + d * 104729) * (d < 4 ? 1 : 1_000_003));
    const start = arena.appendSample(ordinals, values, DIMS);
    return Buffer.from(arena.buf.subarray(start, arena.length));
  });
}

/** The 200 samples of a host-second as one run payload (all arrived at once). */
function hostSecondBlob(payloads: Buffer[]): Buffer {
  const runs = new RunWriter();
  runs.begin(0);
  payloads.forEach((payload, c) => runs.add(0, c + 1, 1_000_000, 0, payload, 0, payload.length));
  return Buffer.from(runs.payload());
}

type Layout = 'per-sample' | 'per-sample-multi' | 'per-host-second';
const LAYOUTS: Layout[] = ['per-sample', 'per-sample-multi', 'per-host-second'];

/** Appends `seconds` host-seconds in `layout` to a fresh log file; CPU seconds spent and the file's bytes after close. */
function run(layout: Layout, seconds: number, payloads: Buffer[], blob: Buffer): { cpuS: number; bytes: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-log-layout-'));
  const file = path.join(dir, 'events.sqlite');
  HostEventLog.open(file, { flushMs: 1000, flushEvents: 1000, logger: silentLogger }).close();
  const db = new Database(file);
  db.pragma('synchronous = NORMAL');
  const one = db.prepare(insertEventsSql(1));
  const many = db.prepare(insertEventsSql(ROWS_PER_INSERT));
  const oneArgs: unknown[] = new Array(COLUMNS);
  const manyArgs: unknown[] = new Array(ROWS_PER_INSERT * COLUMNS);
  let seq = 1;
  /** Binds chart c's sample of this second at args[at..at+COLUMNS). */
  const bindSample = (args: unknown[], at: number, arrivalUs: number, c: number): void => {
    args[at] = seq++;
    args[at + 1] = 1;
    args[at + 2] = arrivalUs;
    args[at + 3] = KIND_SAMPLE;
    args[at + 4] = c + 1;
    args[at + 5] = 1_000_000;
    args[at + 6] = 0;
    args[at + 7] = payloads[c];
    args[at + 8] = null;
  };
  const second = db.transaction((arrivalUs: number) => {
    let c = 0;
    if (layout === 'per-host-second') {
      seq += CHARTS;
      one.run(seq - 1, 1, arrivalUs, KIND_RUN, null, null, null, blob, CHARTS);
      return;
    }
    if (layout === 'per-sample-multi') {
      for (; c + ROWS_PER_INSERT <= CHARTS; c += ROWS_PER_INSERT) {
        for (let j = 0; j < ROWS_PER_INSERT; j++) bindSample(manyArgs, j * COLUMNS, arrivalUs, c + j);
        many.run(manyArgs);
      }
    }
    for (; c < CHARTS; c++) {
      bindSample(oneArgs, 0, arrivalUs, c);
      one.run(oneArgs);
    }
  });
  const startUs = Date.now() * 1000;
  const cpu0 = process.cpuUsage();
  for (let s = 0; s < seconds; s++) second(startUs + s * 1_000_000);
  db.close(); // the checkpoint that moves the WAL into the file belongs to the cost
  const cpu = process.cpuUsage(cpu0);
  const bytes = fs.statSync(file).size;
  fs.rmSync(dir, { recursive: true, force: true });
  return { cpuS: (cpu.user + cpu.system) / 1e6, bytes };
}

function main(): void {
  const a = parseNumericArgs<Args>(process.argv.slice(2), { seconds: 2000, rounds: 2 });
  const payloads = chartPayloads();
  const blob = hostSecondBlob(payloads);
  const values = a.seconds * CHARTS * DIMS;
  const results = new Map<Layout, Array<{ cpuS: number; bytes: number }>>(LAYOUTS.map((l) => [l, []]));
  for (let r = 0; r < a.rounds; r++) for (const layout of LAYOUTS) results.get(layout)!.push(run(layout, a.seconds, payloads, blob));
  console.log(`event log row layouts: ${a.seconds} host-seconds of ${CHARTS} charts x ${DIMS} values, one commit per host-second, ${a.rounds} rounds`);
  console.log('layout             CPU s per million values (each round)   file bytes per value');
  for (const [layout, rs] of results) {
    const cpu = rs.map((x) => ((x.cpuS / values) * 1e6).toFixed(3)).join(', ');
    console.log(`${layout.padEnd(18)} ${cpu.padEnd(38)}   ${(rs[0].bytes / values).toFixed(2)}`);
  }
}

main();
